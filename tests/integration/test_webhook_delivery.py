"""Webhooks to a real local HTTP receiver: retries, timeouts, 429, 410, redirects, dead letters, replay."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request, Response
from google.protobuf.message import Message
from standardwebhooks import Webhook

from citycomm.v1 import events_pb2
from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.clock import SystemClock
from citycomm_common.directory import Agency, Directory
from citycomm_dev.broker import free_port
from citycomm_notifications import bootstrap
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.domain.delivery_states import state_name
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.entrypoints.operator import operator_router
from tests.support.notifications_fakes import LoadedDirectory, MemoryWorker, container, dev_settings
from tests.support.polling import async_wait_for

SECRET = "whsec_" + base64.b64encode(b"current-secret-of-the-agency!!").decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"previous-secret-being-rotated!").decode()
SCRIPTS = {  # path → the statuses it answers, one per request (the last one repeats)
    "ok": [204], "flaky": [503, 502, 200], "throttled": [429, 204], "gone": [410],
    "redirect": [307], "down": [500], "slow-once": ["slow", 204], "slow": ["slow"],
    "supervisor": [204],
}


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.requests: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.scripts = {k: list(v) for k, v in SCRIPTS.items()}
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def got(self, path: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.requests[path])

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/{path}")
        async def receive(path: str, request: Request) -> Response:
            entry = {"headers": dict(request.headers), "body": await request.body(), "at": time.monotonic()}
            with self.lock:  # never across an await: the lock would block the receiver's loop
                seen = len(self.requests[path])
                self.requests[path].append(entry)
                script = self.scripts[path]
                answer = script[min(seen, len(script) - 1)]
            if answer == "slow":
                await asyncio.sleep(1.0)
                return Response(status_code=204)
            headers = {"retry-after": "1"} if answer == 429 else {}
            if answer == 307:
                headers = {"location": self.url("ok")}
            return Response(status_code=int(answer), headers=headers)

        return api


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = uvicorn.Server(uvicorn.Config(receiver.app(), port=receiver.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield receiver
    server.should_exit = True
    thread.join(10)


def _agency(agency_id: str, url: str | None, **extra: Any) -> Agency:
    secret_refs = ["env:TEST_WEBHOOK_SECRET"]
    endpoints = [{"id": f"{agency_id}-hook", "url": url, "secret_refs": secret_refs}] if url else []
    return Agency.model_validate({"id": agency_id, "name": agency_id, "short_name": agency_id,
                                  "kind": "department", "valid_from": date(2025, 7, 1),
                                  "endpoints": endpoints, **extra})


def network(receiver: Receiver) -> Directory:
    agencies = [_agency("coordinator", receiver.url("supervisor")),
                _agency("supervisor", receiver.url("supervisor"))]
    agencies += [_agency(path, receiver.url(path), supervisor="supervisor")
                 for path in SCRIPTS if path != "supervisor"]
    rotating = _agency("rotating", None, supervisor="supervisor").model_dump()
    rotating["endpoints"] = [{"id": "rotating-hook", "url": receiver.url("ok"),
                              "secret_refs": ["env:TEST_WEBHOOK_SECRET", "env:TEST_WEBHOOK_OLD_SECRET"]}]
    return Directory(coordinator="coordinator", agencies=[*agencies, Agency.model_validate(rotating)])


class Harness:
    """Notifications' container on memory stores, sending to the receiver: 2 connections per endpoint,
    a compressed retry schedule, short timeouts, only the hosts `allowed` (no private addresses)."""

    def __init__(self, receiver: Receiver, allowed: str) -> None:
        self.worker = MemoryWorker()
        self.container = container(
            dev_settings(webhook_connect_timeout=0.5, webhook_read_timeout=0.3,
                         webhook_retry_schedule=[0, 0.05, 0.1, 0.1], webhook_retry_jitter=0.1,
                         webhook_allowed_hosts=allowed, webhook_allow_private=False,
                         webhook_concurrency_per_endpoint=2, webhook_concurrency_total=50,
                         delivery_poll_interval=0.02),
            worker=self.worker, clock=SystemClock(), directory=LoadedDirectory(network(receiver)))
        self.dispatcher, self.deliveries = self.container.dispatcher, self.container.deliveries

    @property
    def published(self) -> list[Message]:
        return [message for message, _, _ in self.worker.published]

    async def send(self, agency: str, source: str = "") -> str:
        source = source or f"event-{agency}-{time.monotonic_ns()}"
        notice = Notice("inquiry.assigned", agency, f"inq-{source}", {"inquiry_id": f"inq-{source}"}, source)
        [webhook_id] = await self.deliveries.enqueue(notice)
        return webhook_id

    async def settled(self, webhook_id: str, state: str, within: float = 10) -> WebhookDelivery:
        async def probe() -> WebhookDelivery | None:
            found = self.deliveries.find(webhook_id)
            return found if found is not None and state_name(found) == state else None
        return await async_wait_for(probe, within, f"{webhook_id} to be {state}", interval=0.02)


@pytest.fixture
async def harness(receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Harness]:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TEST_WEBHOOK_OLD_SECRET", OLD_SECRET)
    harness = Harness(receiver, "127.0.0.1")
    task = asyncio.create_task(harness.dispatcher.run())
    yield harness
    task.cancel()
    await harness.dispatcher.drain()
    await bootstrap.stop(harness.container)


async def test_a_delivery_is_signed_so_standardwebhooks_verifies_it(
        harness: Harness, receiver: Receiver) -> None:
    webhook_id = await harness.send("ok")
    done = await harness.settled(webhook_id, "delivered")
    [request] = [r for r in receiver.got("ok") if r["headers"]["webhook-id"] == webhook_id]
    message = Webhook(SECRET).verify(request["body"], request["headers"])
    assert message["type"] == "inquiry.assigned" and done.attempts == 1
    delivered = [m for m in harness.published if isinstance(m, events_pb2.WebhookDelivered)]
    assert delivered[0].delivery_id == webhook_id


async def test_during_rotation_both_secrets_verify(harness: Harness, receiver: Receiver) -> None:
    webhook_id = await harness.send("rotating")
    await harness.settled(webhook_id, "delivered")
    [request] = [r for r in receiver.got("ok") if r["headers"]["webhook-id"] == webhook_id]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    for secret in (SECRET, OLD_SECRET):
        Webhook(secret).verify(request["body"], request["headers"])


async def test_5xx_is_retried_until_a_2xx_with_the_same_id_and_body(
        harness: Harness, receiver: Receiver) -> None:
    done = await harness.settled(await harness.send("flaky"), "delivered")
    assert [a.status_code for a in done.history] == [503, 502, 200]
    assert len({(r["headers"]["webhook-id"], r["body"]) for r in receiver.got("flaky")}) == 1


async def test_a_read_timeout_is_a_failed_attempt_then_retried(
        harness: Harness, receiver: Receiver) -> None:
    done = await harness.settled(await harness.send("slow-once"), "delivered")
    assert "ReadTimeout" in done.history[0].error and done.history[0].status_code == 0
    assert done.history[1].status_code == 204


async def test_429_waits_for_retry_after(harness: Harness, receiver: Receiver) -> None:
    await harness.settled(await harness.send("throttled"), "delivered")
    first, second = receiver.got("throttled")[:2]
    assert second["at"] - first["at"] >= 0.95  # Retry-After: 1 beats the 0.05 s schedule


async def test_410_disables_the_endpoint_and_later_deliveries_are_not_sent(
        harness: Harness, receiver: Receiver) -> None:
    gone = await harness.settled(await harness.send("gone"), "dead")
    assert "410" in gone.error
    assert harness.dispatcher.endpoints.status("gone", "gone-hook").disabled  # type: ignore[union-attr]
    assert any(isinstance(m, events_pb2.WebhookEndpointDisabled) for m in harness.published)
    later = await harness.settled(await harness.send("gone"), "dead")
    assert later.error == "endpoint disabled" and len(receiver.got("gone")) == 1


async def test_a_redirect_is_not_followed(harness: Harness, receiver: Receiver) -> None:
    before = len(receiver.got("ok"))
    dead = await harness.settled(await harness.send("redirect"), "dead")
    assert {a.status_code for a in dead.history} == {307}
    assert "not followed" in dead.history[0].error and len(receiver.got("ok")) == before


async def test_exhaustion_dead_letters_escalates_and_replay_delivers_the_same_id(
        harness: Harness, receiver: Receiver) -> None:
    webhook_id = await harness.send("down")
    dead = await harness.settled(webhook_id, "dead")
    assert dead.attempts == 4 and "exhausted" in dead.error
    failed = [m for m in harness.published if isinstance(m, events_pb2.WebhookFailed)]
    assert failed[-1].dead_lettered and failed[-1].delivery_id == webhook_id
    alerts = [r for r in receiver.got("supervisor") if b"agency.unreachable" in r["body"]]
    assert alerts or await async_wait_for(
        lambda: _async([r for r in receiver.got("supervisor") if b"agency.unreachable" in r["body"]]),
        5, "the agency-unreachable alert to the supervisor")
    receiver.scripts["down"] = [200]
    assert harness.container.operations.replay(webhook_id) is not None
    replayed = await harness.settled(webhook_id, "delivered")
    assert replayed.replays == 1
    assert {r["headers"]["webhook-id"] for r in receiver.got("down")} == {webhook_id}


async def _async(value: Any) -> Any:
    return value


async def test_a_slow_agency_does_not_hold_up_the_others(harness: Harness, receiver: Receiver) -> None:
    slow = [await harness.send("slow") for _ in range(6)]  # 2 at a time, each times out after 0.3 s
    fast = [await harness.send("ok") for _ in range(20)]
    started = time.monotonic()
    for webhook_id in fast:
        await harness.settled(webhook_id, "delivered")
    assert time.monotonic() - started < 1.0
    assert any(state_name(harness.deliveries.find(i)) == "pending" for i in slow)


async def test_targets_outside_the_allow_list_or_private_are_refused() -> None:
    with pytest.raises(ValueError, match="not in CITYCOMM_WEBHOOK_ALLOWED_HOSTS"):
        await EgressPolicy(("*.gov.vn",), False).check("https://example.org/hook")
    for url in ("http://127.0.0.1:9/x", "http://169.254.169.254/latest", "http://10.1.2.3/x", "http://[::1]/x"):
        with pytest.raises(ValueError, match="non-public"):
            await EgressPolicy(("*",), False).check(url)
    await EgressPolicy(("*", "127.0.0.1"), False).check("http://127.0.0.1:9/x")  # named exactly
    await EgressPolicy(("*",), True).check("http://10.1.2.3/x")  # development


async def test_a_refused_target_is_dead_lettered_without_a_request(
        receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    harness = Harness(receiver, "*")
    before = len(receiver.got("ok"))
    await harness.send("ok")
    harness.dispatcher.dispatch_due()
    await harness.dispatcher.drain()
    [dead] = [d for d in harness.deliveries.records() if d.agency_id == "ok"]
    assert state_name(dead) == "dead" and "refused target" in dead.error and len(receiver.got("ok")) == before


async def test_operator_api_lists_and_replays_dead_letters_behind_a_token(
        harness: Harness, receiver: Receiver) -> None:
    receiver.scripts["down"] = [500]
    webhook_id = await harness.send("down")
    await harness.settled(webhook_id, "dead")
    api = FastAPI()
    api.include_router(operator_router(harness.container.operations, "s3cret-operator-token"))
    auth = {"authorization": "Bearer s3cret-operator-token"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://op") as client:
        assert (await client.get("/v1/operator/dead-letters")).status_code == 401
        listed = (await client.get("/v1/operator/dead-letters", headers=auth)).json()
        assert webhook_id in {d["webhook_id"] for d in listed}
        log = (await client.get("/v1/operator/agencies/down/deliveries", headers=auth)).json()
        assert {a["status_code"] for d in log for a in d["history"]} == {500}
        receiver.scripts["down"] = [204]
        bulk = await client.post("/v1/operator/dead-letters/replay", json={"agency_id": "down"}, headers=auth)
        assert webhook_id in bulk.json()["replayed"]
        await harness.settled(webhook_id, "delivered")
        again = await client.post(f"/v1/operator/dead-letters/{webhook_id}/replay", headers=auth)
        assert again.status_code == 404  # delivered: nothing to replay
        summary = (await client.get("/v1/operator/deliveries/summary", headers=auth)).json()
        assert summary["workers"] == 1 and summary["by_state"].get("pending", 0) == 0
        assert summary["by_state"]["delivered"] >= 1
