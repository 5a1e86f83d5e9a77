"""A platform of its own for fault tests: its broker, receivers and database get broken on purpose.

Two receivers: the directory's default endpoint (every agency without an endpoint of its own) and
the load's ward's own endpoint, which an operator sets through routing's directory API at start, so
it lives only on directory.agencies, not in the files: a service acting on the files alone sends the
ward's webhooks to the wrong receiver, and the load counts that (load.py, misdelivered).
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.e2e.conftest import Receiver, serve_in_thread

OPERATOR_TOKEN = secrets.token_urlsafe(32)
SOAK = os.environ.get("CITYCOMM_SOAK") == "1"  # `make soak`: longer loads and outages
FAST_RETRIES = "[0, 0.2, 0.5, 1, 2, 2, 2, 2, 2, 2]"
WARD, WARD_AGENCY = "26740", "ubnd-26740"  # the load's ward (Phường Sài Gòn) and its People's Committee
WARD_ENDPOINT = "ward-inbox"
WARD_SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
LATE_DIRECTORY = Path(__file__).parent / "late_directory"  # sitecustomize: a directory read late


def late_directory(seconds: float) -> dict[str, str]:
    """Settings for a process whose directory view starts reading directory.agencies late."""
    return {"CITYCOMM_TEST_LATE_DIRECTORY": str(seconds),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(LATE_DIRECTORY), os.environ.get("PYTHONPATH")]))}


@dataclass
class Platform:
    broker: EmbeddedBroker
    config: StackConfig
    stack: Stack
    receiver: Receiver  # the directory's default endpoint
    ward_receiver: Receiver  # WARD_AGENCY's own endpoint (set on directory.agencies by an operator)

    def url(self, service: str, path: str) -> str:
        ports = self.config.ports
        port = {"intake": ports.intake_http, "reporting": ports.reporting_http,
                "notifications": ports.notifications_http, "routing": ports.routing_http}[service]
        return f"http://127.0.0.1:{port}{path}"

    @property
    def operator(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {OPERATOR_TOKEN}"}

    def receiver_of(self, agency_id: str) -> Receiver:
        """The receiver an agency's webhooks must reach."""
        return self.ward_receiver if agency_id == WARD_AGENCY else self.receiver

    @property
    def receivers(self) -> tuple[Receiver, Receiver]:
        return self.receiver, self.ward_receiver


def give_the_ward_its_own_endpoint(platform: Platform) -> None:
    """What an operator does: PUT the endpoint through routing; wait until notifications routes by it."""
    endpoint = {"id": WARD_ENDPOINT, "url": platform.ward_receiver.url,
                "secret_refs": ["env:CITYCOMM_TEST_WARD_SECRET"]}
    path = f"/agencies/{WARD_AGENCY}/endpoints/{WARD_ENDPOINT}"
    response = httpx.put(platform.url("routing", f"/v1/directory{path}"), json=endpoint,
                         headers=platform.operator, timeout=10)
    assert response.status_code == 200, response.text

    def notifications_has_it() -> bool:
        seen = httpx.get(platform.url("notifications", f"/v1/operator{path}"), headers=platform.operator,
                         timeout=10)
        return seen.status_code == 200 and seen.json()["owner"] == WARD_AGENCY

    wait_for(notifications_has_it, 30, f"notifications to route {WARD_AGENCY} to its own endpoint")


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
    receiver, ward_receiver = Receiver(free_port()), Receiver(free_port())
    env = {"CITYCOMM_DEMO_INBOX_URL": receiver.url, "CITYCOMM_TEST_WARD_SECRET": WARD_SECRET,
           "CITYCOMM_PRODUCE_TIMEOUT": "2", "CITYCOMM_WEBHOOK_RETRY_SCHEDULE": FAST_RETRIES,
           "CITYCOMM_DELIVERY_POLL_INTERVAL": "0.2", "CITYCOMM_CITIZEN_RATE_PER_SECOND": "1000",
           "CITYCOMM_CITIZEN_RATE_BURST": "1000", **platform_env}
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, operator_token=OPERATOR_TOKEN,
                         state_dir=tmp_path_factory.mktemp(name), ports=Ports.free(), extra_env=env)
    stack = Stack()
    try:
        with serve_in_thread(receiver.app(), receiver.port), \
                serve_in_thread(ward_receiver.app(), ward_receiver.port):
            stack.start([s for s in processes(config) if s.name != "inbox"], run_name=name)
            running = Platform(broker, config, stack, receiver, ward_receiver)
            give_the_ward_its_own_endpoint(running)
            yield running
    finally:
        stack.stop()
        broker.stop()
