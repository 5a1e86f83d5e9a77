"""Which receiver a delivery may reach: the agency's endpoints in the live directory, each endpoint
named by its owner and id (ids repeat across agencies; the default endpoint serves many)."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from citycomm.v1.notifications_pb2 import EndpointStatus, WebhookDelivery
from citycomm_common.clock import FakeClock
from citycomm_common.directory import Agency, Directory, WebhookEndpoint
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.domain.delivery_states import state_name
from citycomm_notifications.domain.destinations import destinations
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.entrypoints.operator import operator_router
from tests.support.notifications_fakes import LoadedDirectory, MemoryWorker, container, dev_settings

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
SECRET = "whsec_" + base64.b64encode(b"a secret for the unit tests!!!").decode()
TOKEN = "an-operator-token-for-the-unit-tests"


def endpoint(endpoint_id: str, url: str) -> WebhookEndpoint:
    return WebhookEndpoint(id=endpoint_id, url=url, secret_refs=["env:TEST_TARGETS_SECRET"])


def agency(agency_id: str, *endpoints: WebhookEndpoint) -> Agency:
    return Agency(id=agency_id, name=agency_id, short_name=agency_id, kind="department",  # type: ignore[arg-type]
                  valid_from=date(2025, 7, 1), endpoints=list(endpoints))


def network(*agencies: Agency, default_id: str = "shared-inbox") -> Directory:
    return Directory(coordinator="so-a", default_endpoint=endpoint(default_id, "https://inbox.example/hooks"),
                     agencies=[agency("so-a"), *agencies])


@dataclass
class Receivers:
    """Every agency's receiver, by URL: what each got, and what each answers. The alerts a dead
    letter sends the agency's supervisor (agency.unreachable) are kept apart."""

    answers: dict[str, int] = field(default_factory=dict)
    got: dict[str, list[str]] = field(default_factory=dict)  # url → webhook-ids
    alerts: list[str] = field(default_factory=list)  # url of each agency.unreachable alert received

    async def post(self, url: str, headers: dict[str, str], payload: str,
                   addresses: Sequence[str] = ()) -> Attempt:
        if json.loads(payload)["type"] == "agency.unreachable":
            self.alerts.append(url)
        else:
            self.got.setdefault(url, []).append(headers["webhook-id"])
        return Attempt(self.answers.get(url, 204), 1.0)

    async def close(self) -> None:
        pass


async def public_dns(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]  # a public address: the fake receivers answer, nothing is sent


class World:
    """Notifications on memory stores with every agency's receiver faked: one attempt per delivery."""

    def __init__(self, directory: Directory, resolve: Callable[[str, int], Awaitable[list[str]]] = public_dns
                 ) -> None:
        self.live = LoadedDirectory(directory)
        self.receivers = Receivers()
        self.worker = MemoryWorker()
        self.container = container(
            dev_settings(webhook_retry_schedule=[0], webhook_retry_jitter=0, webhook_concurrency_total=50,
                         delivery_poll_interval=0.01),
            worker=self.worker, clock=FakeClock(NOW), directory=self.live, webhooks=self.receivers,
            egress=EgressPolicy(("*",), False, resolve))
        self.dispatcher, self.deliveries = self.container.dispatcher, self.container.deliveries

    @property
    def directory(self) -> Directory:
        return self.live.directory

    @directory.setter
    def directory(self, directory: Directory) -> None:
        self.live.directory = directory

    async def notify(self, agency_id: str, source: str = "event-1") -> list[str]:
        notice = Notice("inquiry.assigned", agency_id, f"inq-{source}",
                        {"inquiry_id": f"inq-{source}", "contact": {"name": "Nguyễn Văn A"}}, source)
        return await self.deliveries.enqueue(notice)

    async def attempt_all(self) -> None:
        self.dispatcher.dispatch_due()
        await self.dispatcher.drain()

    def state(self, webhook_id: str) -> WebhookDelivery:
        found = self.deliveries.find(webhook_id)
        assert found is not None
        return found


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_TARGETS_SECRET", SECRET)


A_MAIN, B_MAIN = "https://a.example/hooks", "https://b.example/hooks"
WARD_OWN = "https://ward.example/hooks"


async def test_a_410_disables_that_agencys_endpoint_and_not_another_agencys_of_the_same_id() -> None:
    world = World(network(agency("so-b", endpoint("main", A_MAIN)), agency("so-c", endpoint("main", B_MAIN))))
    world.receivers.answers[A_MAIN] = 410
    [gone] = await world.notify("so-b")
    [other] = await world.notify("so-c")
    await world.attempt_all()
    assert state_name(world.state(gone)) == "dead" and "410" in world.state(gone).error
    assert state_name(world.state(other)) == "delivered", world.state(other).error
    later = await world.notify("so-c", "event-2")
    await world.attempt_all()
    assert state_name(world.state(later[0])) == "delivered"
    assert world.receivers.got[B_MAIN] == [other, later[0]]


async def test_a_delivery_is_not_sent_to_an_endpoint_that_no_longer_serves_its_agency() -> None:
    # so-b's own endpoint has the id of the default endpoint; once so-b has no endpoint of its own,
    # the default one serves it, but a delivery made for so-b's own receiver must not go there.
    world = World(network(agency("so-b", endpoint("shared-inbox", WARD_OWN))))
    [webhook_id] = await world.notify("so-b")
    world.directory = network(agency("so-b"))
    await world.attempt_all()
    assert world.receivers.got == {}
    dead = world.state(webhook_id)
    assert state_name(dead) == "dead" and "no longer serves so-b" in dead.error


async def test_a_directory_change_during_the_dns_look_up_is_heeded_before_sending() -> None:
    async def while_the_ward_gets_its_own(host: str, port: int) -> list[str]:
        world.directory = network(agency("ubnd-1", endpoint("ward-inbox", WARD_OWN)))
        return await public_dns(host, port)

    world = World(network(agency("ubnd-1")), resolve=while_the_ward_gets_its_own)
    [webhook_id] = await world.notify("ubnd-1")
    await world.attempt_all()
    await world.attempt_all()
    assert world.receivers.got == {} and "no longer serves" in world.state(webhook_id).error


async def test_replay_sends_a_dead_letter_to_the_endpoint_the_agency_has_now() -> None:
    # Made while the ward had no endpoint (the default one served it); the ward then got its own.
    world = World(network(agency("ubnd-1")))
    [first] = await world.notify("ubnd-1")
    world.directory = network(agency("ubnd-1", endpoint("ward-inbox", WARD_OWN)))
    await world.attempt_all()
    assert state_name(world.state(first)) == "dead" and world.receivers.got == {}
    replayed = world.container.operations.replay(first)
    assert replayed is not None
    assert (replayed.endpoint_owner, replayed.endpoint_id) == ("ubnd-1", "ward-inbox")
    await world.attempt_all()
    assert world.receivers.got == {WARD_OWN: [replayed.webhook_id]}
    assert world.receivers.alerts == ["https://inbox.example/hooks"]  # the coordinator was told
    assert state_name(world.state(replayed.webhook_id)) == "delivered"
    assert state_name(world.state(first)) == "readdressed" and replayed.webhook_id in world.state(first).error
    # the webhook-id is the one the event gives for that endpoint: a redelivered event adds nothing
    assert await world.notify("ubnd-1") == [replayed.webhook_id]
    await world.attempt_all()
    assert world.receivers.got == {WARD_OWN: [replayed.webhook_id]}


async def test_replay_keeps_the_webhook_id_when_an_endpoint_of_the_same_id_serves_the_agency_now() -> None:
    world = World(network(agency("ubnd-1")))
    [first] = await world.notify("ubnd-1")
    world.directory = network(agency("ubnd-1", endpoint("shared-inbox", WARD_OWN)))
    await world.attempt_all()
    replayed = world.container.operations.replay(first)
    assert replayed is not None and replayed.webhook_id == first and replayed.endpoint_owner == "ubnd-1"
    await world.attempt_all()
    assert world.receivers.got == {WARD_OWN: [first]} and state_name(world.state(first)) == "delivered"


async def test_the_default_endpoint_is_one_endpoint_for_every_agency_it_serves() -> None:
    world = World(network(agency("so-b"), agency("so-c")))
    world.receivers.answers["https://inbox.example/hooks"] = 410
    [gone] = await world.notify("so-b")
    await world.attempt_all()
    [after] = await world.notify("so-c")
    await world.attempt_all()
    assert world.state(after).error == "endpoint disabled"
    assert world.receivers.got == {"https://inbox.example/hooks": [gone]}


async def operator(world: World, method: str, path: str, loaded: bool = True) -> httpx.Response:
    world.live.loaded = loaded
    api = FastAPI()
    api.include_router(operator_router(world.container.operations, TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://op") as client:
        return await client.request(method, path, headers={"authorization": f"Bearer {TOKEN}"})


async def test_operators_see_and_enable_each_agencys_endpoint_by_agency_and_id() -> None:
    world = World(network(agency("so-b", endpoint("main", A_MAIN)), agency("so-c", endpoint("main", B_MAIN)),
                          agency("so-d")))
    world.receivers.answers[A_MAIN] = 410
    await world.notify("so-b")
    await world.attempt_all()
    b = await operator(world, "GET", "/v1/operator/agencies/so-b/endpoints/main")
    c = await operator(world, "GET", "/v1/operator/agencies/so-c/endpoints/main")
    assert (b.json()["disabled"], b.json()["owner"]) == (True, "so-b")
    assert (c.json()["disabled"], c.json()["owner"]) == (False, "so-c")
    default = await operator(world, "GET", "/v1/operator/agencies/so-d/endpoints/shared-inbox")
    assert default.json()["owner"] == "*"
    assert (await operator(world, "GET", "/v1/operator/agencies/so-d/endpoints/main")).status_code == 404
    enabled = await operator(world, "POST", "/v1/operator/agencies/so-b/endpoints/main/enable")
    assert enabled.json()["disabled"] is False
    [own] = destinations(world.directory, "so-b")
    assert not world.dispatcher.endpoints.disabled(own)


async def test_operators_wait_for_the_directory_before_endpoints_and_replays_are_resolved() -> None:
    world = World(network(agency("so-b", endpoint("main", A_MAIN))))
    answer = await operator(world, "GET", "/v1/operator/agencies/so-b/endpoints/main", loaded=False)
    assert answer.status_code == 503 and answer.headers["retry-after"]
    replay = await operator(world, "POST", "/v1/operator/dead-letters/some-id/replay", loaded=False)
    assert replay.status_code == 503


def test_a_disabled_status_written_before_owners_existed_still_counts_for_its_own_agency() -> None:
    world = World(network(agency("so-b", endpoint("main", A_MAIN)), agency("so-c", endpoint("main", B_MAIN))))
    world.dispatcher.endpoints.statuses.put("main", EndpointStatus(endpoint_id="main", agency_id="so-b",
                                                                   disabled=True))
    found: dict[str, Any] = {a: world.dispatcher.endpoints.status(a, "main") for a in ("so-b", "so-c")}
    assert found["so-b"] is not None and found["so-b"].disabled and found["so-c"] is None
