"""Notifications on the typed contracts: records the previous release wrote (string times and states)
still work and are saved readable by both releases; the JSON that receivers and operators read keeps
its shape (no Timestamps or enum twins, times as the text they always were)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock, DeliveryAttempt, WebhookDelivery
from citycomm_common.clock import FakeClock
from citycomm_common.codec import decode, derived_id, encode, rfc3339
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import Agency, Directory, WebhookEndpoint
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_notifications import bootstrap
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.domain.delivery_states import state_name
from citycomm_notifications.domain.notices import notices_for
from citycomm_notifications.entrypoints.operator import operator_router
from tests.support.notifications_fakes import (
    Harness,
    LoadedDirectory,
    MemoryWorker,
    assigned,
    calendar,
    container,
    dev_settings,
    directory,
    envelope,
)

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
HOOK = "https://so-b.example/hooks"
TOKEN = "an-operator-token-for-the-unit-tests"
DELIVERY_KEYS = {"webhook_id", "agency_id", "endpoint_id", "inquiry_id", "event_type", "body", "created_at",
                 "state", "attempts", "next_attempt_at", "history", "error", "replays", "source_id",
                 "traceparent", "endpoint_owner"}


class Receiver:
    def __init__(self, status: int) -> None:
        self.status, self.bodies = status, list[str]()

    async def post(self, url: str, headers: dict[str, str], payload: str,
                   addresses: Sequence[str] = ()) -> Attempt:
        self.bodies.append(payload)
        return Attempt(self.status, 1.0)

    async def close(self) -> None:
        pass


async def public_dns(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]


def sending(receiver: Receiver, worker: MemoryWorker) -> bootstrap.Container:
    hook = WebhookEndpoint(id="main", url=HOOK, secret_refs=["env:TEST_TYPED_SECRET"])
    agencies = [Agency(id=a, name=a, short_name=a, kind="department",  # type: ignore[arg-type]
                       valid_from=date(2025, 7, 1), endpoints=[hook] if a == "so-b" else [])
                for a in ("so-a", "so-b")]
    return container(dev_settings(webhook_retry_schedule=[0], webhook_retry_jitter=0),
                     worker=worker, clock=FakeClock(NOW), webhooks=receiver,
                     directory=LoadedDirectory(Directory(coordinator="so-a", agencies=agencies)),
                     egress=EgressPolicy(("*",), False, public_dns))


def written_before(**fields: Any) -> bytes:
    """A delivery of so-b's endpoint as the previous release wrote it: string times and state."""
    record = WebhookDelivery(webhook_id="wh-1", agency_id="so-b", endpoint_id="main", endpoint_owner="so-b",
                             inquiry_id="inq-1", event_type="inquiry.assigned", body='{"data":{}}',
                             source_id="ev-1", **fields)
    return bytes(record.SerializeToString())


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_TYPED_SECRET", "whsec_" + base64.b64encode(b"a secret for typed tests").decode())


async def test_a_pending_delivery_written_by_the_previous_release_is_sent_and_saved_for_both() -> None:
    worker, receiver = MemoryWorker(), Receiver(204)
    worker.deliveries.put_raw("0/wh-1", written_before(
        created_at="2026-03-02T02:59:00Z", state="pending", next_attempt_at="2026-03-02T03:00:00Z",
        attempts=1, history=[DeliveryAttempt(at="2026-03-02T02:59:30Z", status_code=503)]))
    notifications = sending(receiver, worker)
    notifications.dispatcher.dispatch_due()
    await notifications.dispatcher.drain()
    done = notifications.deliveries.find("wh-1")
    assert done is not None and state_name(done) == "delivered" and len(receiver.bodies) == 1
    assert done.history[0].time == to_timestamp(datetime(2026, 3, 2, 2, 59, 30, tzinfo=UTC))
    assert done.history[1].time == to_timestamp(NOW)
    previous = WebhookDelivery.FromString(worker.deliveries.raw("0/wh-1"))  # how the old release reads it
    assert previous.state == "delivered" and previous.created_at and previous.history[1].at
    [sent] = [m for m, _, _ in worker.published if isinstance(m, events_pb2.WebhookDelivered)]
    assert sent.delivered_time == to_timestamp(NOW)


async def test_a_readdressed_dead_letter_written_before_stays_readdressed_until_pruned() -> None:
    worker = MemoryWorker()
    worker.deliveries.put_raw("0/wh-1", written_before(created_at="2026-01-02T00:00:00Z", state="readdressed",
                                                       error="gone; re-addressed to wh-2"))
    notifications = sending(Receiver(204), worker)
    assert notifications.operations.counts_by_state() == {"readdressed": 1}
    assert notifications.operations.dead_letters() == []
    assert notifications.deliveries.prune(timedelta(days=30)) == 1


async def operator(notifications: bootstrap.Container, method: str, path: str) -> httpx.Response:
    api = FastAPI()
    api.include_router(operator_router(notifications.operations, TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://op") as client:
        return await client.request(method, path, headers={"authorization": f"Bearer {TOKEN}"})


async def test_operators_read_deliveries_and_endpoints_as_before() -> None:
    notifications = sending(Receiver(500), MemoryWorker())
    [webhook_id] = await notifications.deliveries.enqueue(
        notices_for(envelope(assigned("inq-1", "so-b", NOW, NOW + timedelta(days=5)), "inq-1"),
                    notifications.directory.current)[0])
    notifications.dispatcher.dispatch_due()
    await notifications.dispatcher.drain()
    view = (await operator(notifications, "GET", f"/v1/operator/dead-letters/{webhook_id}")).json()
    assert set(view) == DELIVERY_KEYS and view["state"] == "dead"
    assert (view["created_at"], view["next_attempt_at"]) == ("2026-03-02T03:00:00Z", "2026-03-02T03:00:00Z")
    assert view["history"] == [{"at": "2026-03-02T03:00:00Z", "status_code": 500, "latency_ms": 1.0,
                                "error": ""}]
    summary = (await operator(notifications, "GET", "/v1/operator/deliveries/summary")).json()
    assert summary["by_state"] == {"dead": 1}  # so-a, the coordinator told, has no endpoint
    enable = "/v1/operator/agencies/so-b/endpoints/main/enable"
    status = (await operator(notifications, "POST", enable)).json()
    assert status == {"endpoint_id": "main", "agency_id": "so-b", "disabled": False,
                      "reason": "re-enabled by an operator", "changed_at": "2026-03-02T03:00:00Z",
                      "owner": "so-b"}


def test_an_event_as_the_codec_gives_it_becomes_the_webhook_data_it_always_was() -> None:
    due = datetime(2026, 11, 10, tzinfo=CITY_ZONE)
    old = events_pb2.InquiryAssigned(inquiry_id="inq-1", agency_id="so-xay-dung",
                                     assigned_at="2026-11-02T02:00:00Z",
                                     deadline=common_pb2.Deadline(policy_id="p", due_at=due.isoformat()))
    new = assigned("inq-1", "so-xay-dung", datetime(2026, 11, 2, 2, tzinfo=UTC), due)
    # from routing before Timestamps and after: the same moment, in the city's offset either way
    # (the typed time is the truth; its legacy text is written from it, decision 0063)
    for event, assigned_at in ((old, "2026-11-02T09:00:00+07:00"), (new, "2026-11-02T09:00:00+07:00")):
        record = encode(event, source="/citycomm/routing", subject="inq-1")
        [notice] = notices_for(decode(record.value, record.headers), directory())
        assert "assigned_time" not in notice.data and "due_time" not in notice.data["deadline"]
        assert notice.data["deadline"]["due_at"] == "2026-11-10T00:00:00+07:00"
        assert notice.data["assigned_at"] == assigned_at


START = datetime(2026, 11, 2, 9, 0, tzinfo=CITY_ZONE)  # a Monday
DUE = calendar().add_working_days(START, 5)


async def test_a_clock_written_by_the_previous_release_sends_its_stages_with_the_same_ids() -> None:
    harness = Harness(FakeClock(datetime(2026, 11, 5, 9, tzinfo=CITY_ZONE)))
    harness.clocks.put_raw("inq-1", DeadlineClock(
        inquiry_id="inq-1", agency_id="so-xay-dung", kind="press_request", policy_id="test-policy",
        started_at=rfc3339(START), due_at=DUE.isoformat(), assignment=1, tracking_code="TC-1",
        title="Hỏi về dự án", assigned_event_id="ev-1").SerializeToString())
    await harness.escalator().tick()
    [notice] = harness.notices()
    assert notice.stage == "reminder_half"
    assert notice.notice_id == derived_id("inq-1", "notice", "ev-1", DUE.isoformat(), "reminder_half")
    assert notice.due_time == to_timestamp(DUE)
    assert notice.inquiry_kind == common_pb2.INQUIRY_KIND_PRESS_REQUEST
    [data] = [json.loads(d.body)["data"] for _, d in harness.deliveries.items()]
    assert (data["kind"], data["due_at"], data["assigned_at"]) == (
        "press_request", DUE.replace(microsecond=0).isoformat(), "2026-11-02T09:00:00+07:00")  # 0076
    clock = DeadlineClock.FromString(harness.clocks.raw("inq-1"))  # as the previous release reads it
    assert (clock.kind, clock.due_at, list(clock.stages_sent)) == ("press_request", DUE.isoformat(),
                                                                    ["reminder_half"])
