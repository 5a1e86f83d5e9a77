"""Readiness follows the broker: false while it is paused, true again when it is back."""

from __future__ import annotations

import httpx

from citycomm_dev.broker import EmbeddedBroker
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack


def readiness(stack: Stack) -> dict[str, int]:
    return {name: httpx.get(p.spec.ready_url, timeout=3).status_code for name, p in stack.processes.items()}


def test_every_service_is_unready_while_the_broker_is_paused(stack: Stack, broker: EmbeddedBroker) -> None:
    broker.pause()
    try:
        wait_for(lambda: set(readiness(stack).values()) == {503}, 30, "every service to report not ready")
    finally:
        broker.resume()
    wait_for(lambda: set(readiness(stack).values()) == {200}, 60, "every service to be ready again")
