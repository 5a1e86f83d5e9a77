"""A platform of its own for fault tests: its broker, receiver and database get broken on purpose."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.e2e.conftest import Receiver, serve_in_thread

OPERATOR_TOKEN = secrets.token_urlsafe(32)
SOAK = os.environ.get("CITYCOMM_SOAK") == "1"  # `make soak`: longer loads and outages
FAST_RETRIES = "[0, 0.2, 0.5, 1, 2, 2, 2, 2, 2, 2]"


@dataclass
class Platform:
    broker: EmbeddedBroker
    config: StackConfig
    stack: Stack
    receiver: Receiver

    def url(self, service: str, path: str) -> str:
        ports = self.config.ports
        port = {"intake": ports.intake_http, "reporting": ports.reporting_http,
                "notifications": ports.notifications_http, "routing": ports.routing_http}[service]
        return f"http://127.0.0.1:{port}{path}"

    @property
    def operator(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {OPERATOR_TOKEN}"}


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    """Settings a test module adds (override this fixture in the module)."""
    return {}


@pytest.fixture(scope="module")
def platform(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             platform_env: dict[str, str]) -> Iterator[Platform]:
    """The four services on a broker of their own."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    broker = EmbeddedBroker(log_path=ARTIFACTS / f"{name}-broker.log").start(partitions=3)
    receiver = Receiver(free_port())
    env = {"CITYCOMM_DEMO_INBOX_URL": receiver.url, "CITYCOMM_OPERATOR_TOKEN": OPERATOR_TOKEN,
           "CITYCOMM_PRODUCE_TIMEOUT": "2", "CITYCOMM_WEBHOOK_RETRY_SCHEDULE": FAST_RETRIES,
           "CITYCOMM_DELIVERY_POLL_INTERVAL": "0.2", "CITYCOMM_CITIZEN_RATE_PER_SECOND": "1000",
           "CITYCOMM_CITIZEN_RATE_BURST": "1000", **platform_env}
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True,
                         state_dir=tmp_path_factory.mktemp(name), ports=Ports.free(), extra_env=env)
    stack = Stack()
    try:
        with serve_in_thread(receiver.app(), receiver.port):
            stack.start([s for s in processes(config) if s.name != "inbox"], run_name=name)
            yield Platform(broker, config, stack, receiver)
    finally:
        stack.stop()
        broker.stop()
