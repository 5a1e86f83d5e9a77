"""DNS rebinding: a delivery connects to the address the egress check validated, never to a later answer.

A fake DNS answers the checks; a fake network (httpx.MockTransport) records where each request went.
"""

from __future__ import annotations

import base64
import socket
from datetime import date

import httpx
import pytest

from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.clock import SystemClock
from citycomm_common.directory import Agency, Directory
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget, Target, Unresolved
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.bootstrap import Container
from citycomm_notifications.domain.delivery_states import state_name
from citycomm_notifications.domain.notices import Notice
from tests.support.notifications_fakes import LoadedDirectory, container, dev_settings

PUBLIC, PUBLIC_2, PUBLIC_V6 = "93.184.216.34", "93.184.216.35", "2606:2800:220:1:248:1893:25c8:1946"
SECRET = "whsec_" + base64.b64encode(b"unit-test-secret-of-an-agency!").decode()


class FakeDNS:
    """Answers in turn (the last one repeats); an OSError answer raises, as getaddrinfo does."""

    def __init__(self, *answers: list[str] | OSError) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        answer = self.answers[min(len(self.asked), len(self.answers)) - 1]
        if isinstance(answer, OSError):
            raise answer
        return answer


class FakeNetwork:
    """Where requests went; addresses in `unreachable` refuse the connection."""

    def __init__(self, *unreachable: str) -> None:
        self.unreachable = set(unreachable)
        self.requests: list[httpx.Request] = []
        self.refused: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host in self.unreachable:
            self.refused.append(request.url.host)
            raise httpx.ConnectError("connection refused", request=request)
        self.requests.append(request)
        return httpx.Response(204)

    def client(self) -> WebhookClient:
        return WebhookClient(1.0, 1.0, transport=httpx.MockTransport(self))


async def test_the_check_returns_what_it_validated_and_a_later_private_answer_is_refused() -> None:
    dns = FakeDNS([PUBLIC], ["127.0.0.1"])
    policy = EgressPolicy(("*",), False, resolve=dns)
    assert await policy.check("https://hooks.example.vn/x") == Target("hooks.example.vn", (PUBLIC,))
    with pytest.raises(RefusedTarget, match="non-public address 127.0.0.1"):
        await policy.check("https://hooks.example.vn/x")
    assert dns.asked == [("hooks.example.vn", 443), ("hooks.example.vn", 443)]


@pytest.mark.parametrize("answer", [["10.0.0.7"], ["127.0.0.1", "::1"], ["169.254.169.254"],
                                    [PUBLIC, "192.168.1.10"], ["::ffff:127.0.0.1"], ["fd00::1"]])
async def test_a_name_with_a_private_address_is_refused(answer: list[str]) -> None:
    with pytest.raises(RefusedTarget, match="non-public"):
        await EgressPolicy(("*",), False, resolve=FakeDNS(answer)).check("http://hooks.example.vn/x")


async def test_exempt_hosts_are_pinned_too() -> None:
    named = EgressPolicy(("*.gov.vn", "gw.internal"), False, resolve=FakeDNS(["10.0.0.7"]))
    assert (await named.check("http://gw.internal:8080/x")).addresses == ("10.0.0.7",)
    development = EgressPolicy(("*",), True, resolve=FakeDNS(["::1", "127.0.0.1", "::1"]))
    assert (await development.check("http://localhost/x")).addresses == ("::1", "127.0.0.1")
    literal = EgressPolicy(("*",), False, resolve=FakeDNS(OSError("never asked")))
    assert (await literal.check("http://[2001:4860::8888]/x")).addresses == ("2001:4860::8888",)


async def test_a_name_without_an_address_is_unresolved() -> None:
    policy = EgressPolicy(("*",), False, resolve=FakeDNS(socket.gaierror(socket.EAI_AGAIN, "try again")))
    with pytest.raises(Unresolved, match="does not resolve"):
        await policy.check("https://hooks.example.vn/x")
    with pytest.raises(Unresolved, match="no address"):
        await EgressPolicy(resolve=FakeDNS([])).check("https://hooks.example.vn/x")


async def test_the_client_connects_to_the_address_with_the_original_host_and_tls_name() -> None:
    network = FakeNetwork()
    client = network.client()
    await client.post("https://hooks.example.vn:8443/in?a=1", {"webhook-id": "w1"}, "{}", [PUBLIC])
    await client.post("http://hooks.example.vn/in", {"Host": "evil.example"}, "{}", [PUBLIC_V6])
    await client.post("http://[2001:4860::8888]:81/in", {}, "{}", ["2001:4860::8888"])
    await client.post("https://Bücher.example/in", {}, "{}", [PUBLIC])
    await client.close()
    tls, v6, literal, idn = network.requests
    assert str(tls.url) == f"https://{PUBLIC}:8443/in?a=1"
    assert tls.headers["host"] == "hooks.example.vn:8443" and tls.headers["webhook-id"] == "w1"
    assert tls.extensions["sni_hostname"] == "hooks.example.vn"
    assert str(v6.url) == f"http://[{PUBLIC_V6}]/in"
    assert v6.headers.get_list("host") == ["hooks.example.vn"]  # the caller's Host cannot redirect it
    assert literal.url.host == "2001:4860::8888" and literal.headers["host"] == "[2001:4860::8888]:81"
    assert idn.headers["host"] == "xn--bcher-kva.example"
    assert idn.extensions["sni_hostname"] == "xn--bcher-kva.example"


async def test_an_unreachable_address_falls_back_to_the_other_ip_version_only() -> None:
    network = FakeNetwork(PUBLIC_V6, "2606:2800:220:1::2")
    client = network.client()
    attempt = await client.post("http://hooks.example.vn/in", {}, "{}",
                                [PUBLIC_V6, "2606:2800:220:1::2", PUBLIC, PUBLIC_2])
    assert attempt.succeeded and network.refused == [PUBLIC_V6]
    assert [r.url.host for r in network.requests] == [PUBLIC]
    network.unreachable |= {PUBLIC}
    failed = await client.post("http://hooks.example.vn/in", {}, "{}", [PUBLIC_V6, PUBLIC, PUBLIC_2])
    assert failed.status_code == 0 and "ConnectError" in failed.error
    assert network.refused == [PUBLIC_V6, PUBLIC_V6, PUBLIC]  # never PUBLIC_2: one try per IP version
    await client.close()


def sending_to(url: str, policy: EgressPolicy, client: WebhookClient) -> Container:
    """Notifications for one agency whose endpoint is `url` (secret: env TEST_WEBHOOK_SECRET)."""
    agency = Agency.model_validate({
        "id": "so-a", "name": "Sở A", "short_name": "SA", "kind": "department",
        "valid_from": date(2025, 7, 1),
        "endpoints": [{"id": "so-a-hook", "url": url, "secret_refs": ["env:TEST_WEBHOOK_SECRET"]}]})
    directory = Directory(coordinator="so-a", agencies=[agency])
    settings = dev_settings(webhook_retry_schedule=[0, 60], webhook_retry_jitter=0)
    return container(settings, clock=SystemClock(), directory=LoadedDirectory(directory), webhooks=client,
                     egress=policy)


async def deliver(notifications: Container, source: str) -> WebhookDelivery:
    """One attempt of one new delivery to the agency, and the delivery after it."""
    queue, dispatcher = notifications.deliveries, notifications.dispatcher
    [webhook_id] = await queue.enqueue(Notice("inquiry.assigned", "so-a", "", {}, source))
    dispatcher.dispatch_due()
    await dispatcher.drain()
    found = queue.find(webhook_id)
    assert found is not None
    return found


async def test_a_delivery_goes_to_the_validated_address_though_dns_now_answers_loopback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    dns, network = FakeDNS([PUBLIC], ["127.0.0.1"]), FakeNetwork()
    notifications = sending_to("https://hooks.example.vn/in", EgressPolicy(resolve=dns), network.client())
    first = await deliver(notifications, "event-1")
    assert state_name(first) == "delivered" and len(dns.asked) == 1
    [request] = network.requests
    assert request.url.host == PUBLIC and request.headers["host"] == "hooks.example.vn"
    assert request.extensions["sni_hostname"] == "hooks.example.vn"
    second = await deliver(notifications, "event-2")  # the name now points inside: refused, nothing sent
    assert state_name(second) == "dead" and "non-public address 127.0.0.1" in second.error
    assert len(network.requests) == 1


async def test_a_name_that_does_not_resolve_now_is_a_failed_attempt_retried(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    dns = FakeDNS(socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"))
    network = FakeNetwork()
    notifications = sending_to("https://hooks.example.vn/in", EgressPolicy(resolve=dns), network.client())
    pending = await deliver(notifications, "event-3")
    assert state_name(pending) == "pending" and pending.attempts == 1 and not network.requests
    assert pending.history[0].status_code == 0 and "does not resolve" in pending.history[0].error
