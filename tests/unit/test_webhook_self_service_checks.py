"""Notifications' proof of a URL an agency gives itself (decision 0094): refused targets and
missing secrets are answered without sending anything; otherwise one ping, signed with every
current secret, to the addresses the egress check pinned; only 2xx verifies."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest
from standardwebhooks import Webhook

from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.service_layer.endpoint_checks import EndpointChecks

SECRET = "whsec_" + "c2VsZi1zZXJ2aWNlLWNoZWNrcy1zZWNyZXQtMDEyMzQ1Njc="


class FakeSender:
    def __init__(self, status_code: int = 204) -> None:
        self.status_code = status_code
        self.sent: list[tuple[str, dict[str, str], str, tuple[str, ...]]] = []

    async def post(self, url: str, headers: dict[str, str], payload: str,
                   addresses: Sequence[str] = ()) -> Attempt:
        self.sent.append((url, headers, payload, tuple(addresses)))
        return Attempt(self.status_code, 1.0)

    async def close(self) -> None: ...


async def resolve(host: str, port: int) -> list[str]:
    return {"hooks.so-y-te.gov.vn": ["93.184.215.14"], "rebind.gov.vn": ["10.0.0.5"]}[host]


def checks(sender: FakeSender, hosts: tuple[str, ...] = ("*.gov.vn",)) -> EndpointChecks:
    policy = EgressPolicy(hosts, allow_private=False, resolve=resolve)
    return EndpointChecks(policy, sender, SecretStore(None))


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SO_Y_TE_SECRET", SECRET)


def test_a_ping_signed_with_the_current_secret_goes_to_the_pinned_address() -> None:
    sender = FakeSender()
    found = asyncio.run(checks(sender).verify("so-y-te", "agency:so-y-te", "https://hooks.so-y-te.gov.vn/x",
                                              ["env:SO_Y_TE_SECRET"]))
    assert found.verified and found.status_code == 204
    [(url, headers, payload, addresses)] = sender.sent
    assert (url, addresses) == ("https://hooks.so-y-te.gov.vn/x", ("93.184.215.14",))
    message = Webhook(SECRET).verify(payload, headers)
    assert message["type"] == "ping"
    data = json.loads(payload)["data"]
    assert (data["agency_id"], data["requested_by"], data["request_id"]) == (
        "so-y-te", "agency:so-y-te", found.webhook_id)


@pytest.mark.parametrize(("url", "refs", "why"), [
    ("https://evil.example.com/x", ["env:SO_Y_TE_SECRET"], "CITYCOMM_WEBHOOK_ALLOWED_HOSTS"),
    ("https://rebind.gov.vn/x", ["env:SO_Y_TE_SECRET"], "non-public address 10.0.0.5"),
    ("https://hooks.so-y-te.gov.vn/x", ["env:NOT_SET_ANYWHERE"], "not available"),
])
def test_refused_targets_and_missing_secrets_send_nothing(url: str, refs: list[str], why: str) -> None:
    sender = FakeSender()
    found = asyncio.run(checks(sender).verify("so-y-te", "agency:so-y-te", url, refs))
    assert not found.verified and found.status_code == 0 and why in found.error
    assert sender.sent == []


def test_only_2xx_verifies() -> None:
    for status, verified in ((200, True), (301, False), (401, False), (500, False)):
        found = asyncio.run(checks(FakeSender(status)).verify(
            "so-y-te", "agency:so-y-te", "https://hooks.so-y-te.gov.vn/x", ["env:SO_Y_TE_SECRET"]))
        assert found.verified is verified, status
