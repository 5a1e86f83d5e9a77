"""DNS rebinding against webhook delivery, with the real HTTP stack: the check and the connection
must use the same address, whatever a hostile DNS answers in between (design.md §7)."""

from __future__ import annotations

import base64
import socket
from typing import Any

import pytest

from citycomm_dev.broker import free_port
from citycomm_notifications.adapters import egress
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.domain.delivery_states import state_name
from tests.integration.test_webhook_pinning import Inbox, serving
from tests.unit.test_webhook_egress import deliver, sending_to


async def test_a_rebinding_name_reaches_the_checked_address_not_the_next_answer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile DNS answers the check with a public address and every later look-up with an internal
    one. Here 127.0.0.1 plays the public address (the address rule is narrowed to call only it public)
    and 127.0.0.2 the internal service; both listen on the same port. Before pinning, httpx looked the
    name up again when it connected and the delivery went to 127.0.0.2."""
    public, internal, port = Inbox(), Inbox(), free_port()
    name, looked_up = "rebind.example.test", []
    system_getaddrinfo = socket.getaddrinfo

    def hostile_getaddrinfo(host: Any, service: Any, *args: Any, **kwargs: Any) -> Any:
        if (host.decode() if isinstance(host, bytes) else host) != name:  # anyio asks with bytes
            return system_getaddrinfo(host, service, *args, **kwargs)
        looked_up.append(host)
        address = "127.0.0.1" if len(looked_up) == 1 else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, int(service)))]

    monkeypatch.setenv("TEST_WEBHOOK_SECRET", "whsec_" + base64.b64encode(b"rebinding-test-secret!").decode())
    with serving(public.app(), "127.0.0.1", port), serving(internal.app(), "127.0.0.2", port):
        monkeypatch.setattr(socket, "getaddrinfo", hostile_getaddrinfo)
        monkeypatch.setattr(egress, "is_public", lambda ip: str(ip) == "127.0.0.1")
        client = WebhookClient(connect_timeout=1, read_timeout=2)
        notifications = sending_to(f"http://{name}:{port}/hooks", EgressPolicy.parse("*", False), client)
        try:
            first = await deliver(notifications, "event-rebind-1")
            second = await deliver(notifications, "event-rebind-2")  # the check now sees 127.0.0.2
        finally:
            await client.close()
    assert internal.requests == []
    assert state_name(first) == "delivered", first.history
    [request] = public.requests
    assert request["headers"]["host"] == f"{name}:{port}"
    assert state_name(second) == "dead" and "non-public address 127.0.0.2" in second.error
    assert looked_up == [name, name]  # once per check, never again by the client
