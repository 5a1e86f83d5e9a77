"""API keys and Idempotency-Key records in SQL (SQLite and PostgreSQL), and the management command."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import inspect, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from citycomm_common import codec
from citycomm_common.clock import FakeClock
from citycomm_common.directory import Agency, AgencyKind
from citycomm_common.directory_feed import agency_to_proto
from citycomm_common.topics import DIRECTORY_AGENCIES
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_intake.adapters.key_cache import CachedKeys
from citycomm_intake.adapters.keystore import KeyStore, api_keys, idempotency_keys
from citycomm_intake.domain.errors import Conflict
from citycomm_intake.domain.principals import Role
from citycomm_intake.domain.submissions import PressRequestIn
from citycomm_intake.service_layer.retention import IdempotencyPurge
from citycomm_intake.settings import IntakeSettings
from tests.conftest import postgres_url
from tests.support import intake_fakes

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)
RETENTION = timedelta(days=30)


async def _postgres_database() -> str:
    """A fresh database on the test server, so runs never see each other's keys."""
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server")
    name = f"intake_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[KeyStore]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'deep' / 'intake.db'}"
    else:
        url = await _postgres_database()
    opened = await KeyStore.open(url)
    yield opened
    await opened.close()


async def test_a_key_authenticates_as_its_role_and_party_until_revoked(store: KeyStore) -> None:
    key_id, key = await store.create(Role.PRESS_AGENCY, "bao-tuoi-tre", "Tuổi Trẻ newsroom", NOW)
    principal = await store.authenticate(key)
    assert principal is not None and (principal.role, principal.party_id) == (
        Role.PRESS_AGENCY,
        "bao-tuoi-tre",
    )
    assert await store.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert await store.authenticate("cck_" + key_id + "_guess") is None
    assert await store.authenticate("not a key") is None
    assert await store.revoke(key_id, NOW) and not await store.revoke(key_id, NOW)
    assert await store.authenticate(key) is None
    [info] = await store.list()
    assert info.revoked_at is not None and info.label == "Tuổi Trẻ newsroom"


async def test_a_cached_key_revoked_by_another_process_is_refused_after_the_ttl(store: KeyStore) -> None:
    ticks = [0.0]
    cached = CachedKeys(store, ttl=5.0, size=10, monotonic=lambda: ticks[0])
    key_id, key = await store.create(Role.AGENCY, "so-y-te", "", NOW)
    assert await cached.authenticate(key) is not None
    await store.revoke(key_id, NOW)  # what `citycomm-intake keys revoke` does, from its own process
    ticks[0] = 4.9
    assert await cached.authenticate(key) is not None
    ticks[0] = 5.0
    assert await cached.authenticate(key) is None


async def test_only_a_hash_of_the_key_is_stored(store: KeyStore) -> None:
    _, key = await store.create(Role.AGENCY, "so-y-te", "", NOW)
    async with store._engine.connect() as connection:  # noqa: SLF001 - looking at what is really stored
        [row] = (await connection.execute(select(api_keys))).all()
    assert key not in " ".join(str(v) for v in row) and len(row.secret_sha256) == 64


async def test_an_idempotency_key_remembers_its_first_request(store: KeyStore) -> None:
    assert await store.remember("press_agency:a", "k", "print-1", "inq-1", NOW) == "print-1"
    assert await store.remember("press_agency:a", "k", "print-2", "inq-1", NOW) == "print-1"
    assert await store.remember("press_agency:b", "k", "print-2", "inq-2", NOW) == "print-2"
    assert await store.ping()


async def test_concurrent_first_uses_of_one_key_agree_on_the_first_request(store: KeyStore) -> None:
    prints = [f"print-{n}" for n in range(20)]
    answers = await asyncio.gather(
        *(store.remember("press_agency:a", "raced", p, "inq", NOW) for p in prints),
        *(store.remember("press_agency:a", f"own-{n}", "x", "inq", NOW) for n in range(20)),
    )
    assert len(set(answers[:20])) == 1 and answers[0] in prints  # one winner, seen by all
    assert answers[20:] == ["x"] * 20


async def test_the_pool_does_not_open_a_connection_per_request(store: KeyStore) -> None:
    pool = store._engine.pool  # noqa: SLF001 - the choice under test
    expected = 1 if store._engine.dialect.name == "sqlite" else 10  # noqa: SLF001
    assert (pool.size(), pool._max_overflow) == (expected, 0)  # type: ignore[attr-defined]  # noqa: SLF001


async def _keys_in(store: KeyStore) -> set[str]:
    async with store._engine.connect() as connection:  # noqa: SLF001 - what is really stored
        return {row.key for row in await connection.execute(select(idempotency_keys.c.key))}


async def test_idempotency_records_are_purged_after_the_retention(store: KeyStore) -> None:
    clock = FakeClock(NOW)
    purge = IdempotencyPurge(store, clock, retention=RETENTION, interval=3600, batch=100)
    await store.remember("press_agency:a", "old", "print-1", "inq-1", clock.now())
    clock.advance(timedelta(days=10))
    await store.remember("press_agency:a", "recent", "print-1", "inq-2", clock.now())
    clock.set(NOW + RETENTION)  # exactly the retention: still kept
    assert await purge.run_once() == 0
    clock.advance(timedelta(seconds=1))
    assert await purge.run_once() == 1
    assert await _keys_in(store) == {"recent"}
    # After the purge the key is free again: a different body is no longer told apart (no 422) ...
    assert await store.remember("press_agency:a", "old", "print-2", "inq-1", clock.now()) == "print-2"
    # ... while a key inside the retention still remembers its first body.
    assert await store.remember("press_agency:a", "recent", "print-2", "inq-2", clock.now()) == "print-1"


async def test_the_purge_deletes_in_bounded_batches(store: KeyStore) -> None:
    clock = FakeClock(NOW)
    for n in range(25):
        await store.remember("press_agency:a", f"old-{n}", "print", f"inq-{n}", NOW - timedelta(days=31))
    await store.remember("press_agency:a", "new", "print", "inq-new", NOW)
    batches: list[int] = []

    class Counting:
        async def purge_idempotency_keys(self, before: datetime, limit: int) -> int:
            removed = await store.purge_idempotency_keys(before, limit)
            batches.append(removed)
            return removed

    purge = IdempotencyPurge(Counting(), clock, retention=RETENTION, interval=3600, batch=10)
    assert await purge.run_once() == 25
    assert batches == [10, 10, 5]
    assert await _keys_in(store) == {"new"}


async def test_record_times_compare_in_utc_whatever_the_callers_zone(store: KeyStore) -> None:
    city = NOW.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))  # 10:00 +07:00, the same instant
    await store.remember("press_agency:a", "k", "print", "inq", city)
    assert await store.purge_idempotency_keys(NOW - timedelta(seconds=1), 10) == 0
    assert await store.purge_idempotency_keys(NOW + timedelta(seconds=1), 10) == 1


async def test_the_purge_runs_in_the_background_until_stopped(store: KeyStore) -> None:
    clock = FakeClock(NOW)
    await store.remember("press_agency:a", "old", "print", "inq", NOW)
    purge = IdempotencyPurge(store, clock, retention=RETENTION, interval=0.05, batch=10)
    purge.start()
    try:
        clock.advance(RETENTION + timedelta(seconds=1))
        for _ in range(100):
            if not await _keys_in(store):
                break
            await asyncio.sleep(0.05)
        assert await _keys_in(store) == set()
    finally:
        await purge.stop()


async def test_a_key_reused_after_the_retention_names_the_same_inquiry(store: KeyStore) -> None:
    """What a client sees: 202 with the first inquiry's id and tracking code, whatever the body."""
    clock = FakeClock(NOW)
    settings = IntakeSettings()
    container = intake_fakes.container(settings, keys=store, clock=clock)
    callers, submissions, purge = container.callers, container.submissions, container.purge
    _, key = await store.create(Role.PRESS_AGENCY, "bao-tuoi-tre", "", NOW)
    principal = await callers.authenticate(key)
    first = PressRequestIn(kind="press_request", agency_id="so-xay-dung", title="Ngập", question="Khi nào?")
    other = first.model_copy(update={"title": "Kẹt xe"})
    receipt = await submissions.submit(principal, first, "tt-1", "rest")
    with pytest.raises(Conflict):
        await submissions.submit(principal, other, "tt-1", "rest")
    clock.advance(timedelta(days=settings.idempotency_key_retention_days, seconds=1))
    assert await purge.run_once() == 1
    again = await submissions.submit(principal, other, "tt-1", "rest")
    assert (again.inquiry_id, again.tracking_code) == (receipt.inquiry_id, receipt.tracking_code)


async def test_opening_an_older_database_adds_the_purge_index(store: KeyStore) -> None:
    name = "ix_intake_idempotency_keys_created_at"
    async with store._engine.begin() as connection:  # noqa: SLF001 - a database from before the index
        await connection.execute(text(f"DROP INDEX {name}"))
    url = store._engine.url.render_as_string(hide_password=False)  # noqa: SLF001
    reopened = await KeyStore.open(url)
    try:
        async with reopened._engine.connect() as connection:  # noqa: SLF001
            indexes = await connection.run_sync(
                lambda sync: inspect(sync).get_indexes("intake_idempotency_keys")
            )
        assert name in {index["name"] for index in indexes}
    finally:
        await reopened.close()


def test_the_management_command_creates_lists_and_revokes(tmp_path: Path) -> None:
    env = {**os.environ, "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "citycomm_intake", "keys", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    created = run("create", "--role", "agency", "--party", "so-y-te", "--label", "Sở Y tế")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("cck_")
    key_id = key.split("_")[1]
    listed = run("list")
    assert key_id in listed.stdout and "so-y-te" in listed.stdout and key not in listed.stdout
    assert run("revoke", key_id).returncode == 0
    assert "revoked" in run("list").stdout
    assert run("revoke", key_id).returncode == 1
    assert run("create", "--role", "agency").returncode == 2  # an agency key names its agency


def _keys_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citycomm_intake", "keys", *args], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_no_key_is_created_for_a_party_not_in_the_directory(tmp_path: Path) -> None:
    env = {**os.environ, "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}",
           "CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}  # no broker there
    for role, party, says in [
        ("agency", "so-y-tee", "did you mean so-y-te?"),
        ("press_agency", "bao-khong-co", "'bao-khong-co' is not in the directory"),
        ("agency", "bao-tuoi-tre", "is a press_agency in the directory"),
        ("press_center", "so-y-te", "is a department in the directory"),
        ("open311_client", "My App", "lowercase letters, digits and hyphens"),
    ]:
        refused = _keys_command(env, "create", "--role", role, "--party", party, "--directory-wait", "1")
        assert refused.returncode == 2 and refused.stdout == "", (role, party, refused.stderr)
        assert says in refused.stderr and "no key created" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr and "Unclosed" not in refused.stderr
    assert "live directory" in refused.stderr or "lowercase" in refused.stderr
    assert _keys_command(env, "list").stdout == ""
    assert _keys_command(env, "create", "--role", "press_agency", "--party", "bao-tuoi-tre").returncode == 0


async def test_an_agency_an_operator_added_is_found_in_the_live_directory(tmp_path: Path) -> None:
    """Not in the files, only on directory.agencies (as routing publishes an operator's addition)."""
    broker = EmbeddedBroker().start(partitions=1)
    try:
        added = Agency(id=f"so-moi-{uuid.uuid4().hex[:6]}", name="Sở Mới", short_name="Sở Mới",
                       kind=AgencyKind.DEPARTMENT, supervisor="van-phong-ubnd-tp",
                       valid_from=date(2025, 7, 1))
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
        await producer.start()
        try:
            framed = codec.encode(agency_to_proto(added, origin="operator"), source="test", subject=added.id)
            await producer.send_and_wait(DIRECTORY_AGENCIES.name, key=framed.key, value=framed.value,
                                         headers=framed.headers)
        finally:
            await producer.stop()
        env = {**os.environ, "CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
               "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'keys.db'}"}
        create = ("create", "--role", "agency", "--party")
        created = await asyncio.to_thread(_keys_command, env, *create, added.id)
        assert created.returncode == 0 and created.stdout.startswith("cck_"), created.stderr
        other = await asyncio.to_thread(_keys_command, env, *create, "so-moi")
        assert other.returncode == 2 and "not in the directory" in other.stderr
        assert "did not answer" not in other.stderr  # the live directory answered, and lacks it
    finally:
        broker.stop()
