"""A 503 during a broker freeze means "outcome unknown": the timed-out first attempts land after the
thaw, and the retries the answer asks for (same body, the Idempotency-Key it names) are the same
inquiries — exactly one inquiry and one inquiry.assigned webhook each, keyed or anonymous."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from citycomm_common.topics import INQUIRY_COMMANDS
from citycomm_dev.polling import wait_for
from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.domain.principals import Role
from tests.faults.conftest import Platform
from tests.faults.load import assigned_deliveries
from tests.support.broker_records import records_on

EACH = 3  # submissions of each kind during the freeze


@pytest.fixture(scope="module")
def keys_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys") / "intake.db"


@pytest.fixture(scope="module")
def platform_env(keys_db: Path) -> dict[str, str]:
    return {"CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{keys_db}"}


@pytest.fixture(scope="module")
def press_key(platform: Platform, keys_db: Path) -> str:
    async def issue() -> str:
        store = await KeyStore.open(f"sqlite+aiosqlite:///{keys_db}")
        try:
            return (await store.create(Role.PRESS_AGENCY, "bao-tuoi-tre", "fault", datetime.now(UTC)))[1]
        finally:
            await store.close()

    return asyncio.run(issue())


@dataclass(frozen=True)
class Submission:
    path: str
    body: dict[str, str]
    headers: dict[str, str]

    def send(self, platform: Platform, key: str | None = None) -> httpx.Response:
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        return httpx.post(platform.url("intake", self.path), json=self.body, headers=headers, timeout=30)


def submissions(press_key: str) -> list[Submission]:
    """A press agency's keyed requests, and citizens' feedback sent without any key."""
    press = [Submission("/v1/inquiries", {
        "kind": "press_request", "agency_id": "so-xay-dung", "title": f"Ngập đường {n}",
        "question": f"Khi nào hết ngập? ({uuid.uuid4()})"},
        {"Authorization": f"Bearer {press_key}", "Idempotency-Key": str(uuid.uuid4())})
        for n in range(EACH)]
    citizens = [Submission("/v1/feedback", {
        "category": "noise", "ward": "26740", "title": "Karaoke", "description": f"Ồn ào ({uuid.uuid4()})"},
        {}) for _ in range(EACH)]
    return press + citizens


def submit_commands(platform: Platform) -> Counter[str]:
    """How many SubmitInquiry records each inquiry has on inquiry.commands."""
    records = records_on(platform.broker.bootstrap, [INQUIRY_COMMANDS.name])
    return Counter(r.key.decode() for r in records
                   if dict(r.headers or []).get("ce_type") == b"citycomm.v1.SubmitInquiry")


def test_the_retry_after_a_503_is_the_same_inquiry_and_one_webhook(platform: Platform,
                                                                   press_key: str) -> None:
    sent = submissions(press_key)
    platform.broker.pause()
    try:
        with ThreadPoolExecutor(len(sent)) as pool:  # all in flight while it is frozen
            refused = list(pool.map(lambda s: s.send(platform), sent))
    finally:
        platform.broker.resume()
    assert [r.status_code for r in refused] == [503] * len(sent), [r.text for r in refused]
    problems = [r.json() for r in refused]
    for response, problem in zip(refused, problems, strict=True):
        assert response.headers["Idempotency-Key"] == problem["idempotency_key"], problem
        assert problem["detail_vi"] and problem["tracking_code"] in problem["detail"]

    def retried(submission: Submission, problem: dict[str, str]) -> httpx.Response:
        key = problem["idempotency_key"]
        return wait_for(lambda: (r := submission.send(platform, key)).status_code == 202 and r, 60,
                        "the retry to be accepted", interval=0.5)

    accepted = [retried(s, p).json() for s, p in zip(sent, problems, strict=True)]
    assert [(a["inquiry_id"], a["tracking_code"]) for a in accepted] == [
        (p["inquiry_id"], p["tracking_code"]) for p in problems]
    wanted = {a["inquiry_id"] for a in accepted}
    assert len(wanted) == len(sent)

    wait_for(lambda: wanted <= assigned_deliveries(platform).keys(), 60, "a webhook for every inquiry")
    on_broker = submit_commands(platform)
    assert set(on_broker) == wanted, f"inquiries on inquiry.commands beyond ours: {set(on_broker) - wanted}"
    assert any(n > 1 for n in on_broker.values()), "no timed-out first attempt landed: the window was missed"
    deliveries = assigned_deliveries(platform)
    assert set(deliveries) == wanted and all(len(ids) == 1 for ids in deliveries.values()), deliveries

    def received() -> int:
        response = httpx.get(platform.url("reporting", "/v1/aggregates"), headers=platform.operator,
                             params={"period": "day", "by": "all"}, timeout=10)
        groups = response.json().get("groups", []) if response.status_code == 200 else []
        return int(groups[0]["received"]) if groups else 0

    wait_for(lambda: received() >= len(wanted), 60, "reporting to count every inquiry")
    assert received() == len(wanted)
    for answer in accepted:
        row = httpx.get(platform.url("intake", f"/v1/track/{answer['tracking_code']}"), timeout=10)
        assert row.status_code == 200 and row.json()["inquiry_id"] == answer["inquiry_id"], row.text
