"""API keys and Idempotency-Key records in SQL (SQLite and PostgreSQL), and the management command."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from citycomm_intake.adapters.keystore import KeyStore, api_keys
from citycomm_intake.domain.principals import Role
from tests.conftest import postgres_url

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)


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
