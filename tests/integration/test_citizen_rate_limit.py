"""The citizens' rate limit behind real uvicorn servers: it keys on the real client (X-Forwarded-For
only from trusted proxies) and, with Redis, holds across intake replicas."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest

from citycomm_common.clock import FakeClock
from citycomm_common.http_server import uvicorn_options
from citycomm_dev.broker import free_port
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings
from tests.conftest import redis_url
from tests.e2e.conftest import serve_in_thread
from tests.support import intake_fakes
from tests.unit.test_intake_rest import FEEDBACK, NOW

LIMIT = {"citizen_rate_burst": 3, "citizen_rate_per_second": 0.01}
CITIZEN = {name: value for name, value in FEEDBACK.items() if name != "kind"}  # POST /v1/feedback


@contextmanager
def intake(**overrides: Any) -> Iterator[str]:
    """One intake replica (fake broker and read model) on a real uvicorn server; its base URL."""
    settings = IntakeSettings(**{**LIMIT, **overrides})
    api = create_app(settings, intake_fakes.container(settings, clock=FakeClock(NOW)), serve_grpc=False)
    port = free_port()
    with serve_in_thread(api, port, **uvicorn_options(settings)):
        yield f"http://127.0.0.1:{port}"


def feedback(url: str, forwarded_for: str | None = None, source: str = "127.0.0.1") -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10) as client:
        return client.post(f"{url}/v1/feedback", json=CITIZEN, headers=headers)


def test_a_forwarded_for_from_an_untrusted_peer_does_not_change_the_bucket() -> None:
    with intake() as url:  # no trusted proxies: the default
        codes = [feedback(url, forwarded_for=f"198.51.100.{i}").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]


def test_a_trusted_proxy_names_each_client_and_others_cannot() -> None:
    with intake(trusted_proxies="127.0.0.1") as url:
        each_their_own = [feedback(url, forwarded_for=f"198.51.100.{i}").status_code for i in range(5)]
        one_client = [feedback(url, forwarded_for="198.51.100.77").status_code for _ in range(4)]
        # 127.0.0.2 is no proxy of ours: what it forwards is ignored, it is the client
        spoofer = [feedback(url, f"203.0.113.{i}", source="127.0.0.2").status_code for i in range(4)]
    assert each_their_own == [202] * 5
    assert one_client == [202, 202, 202, 429]
    assert spoofer == [202, 202, 202, 429]


def test_two_replicas_sharing_redis_enforce_one_limit() -> None:
    url = redis_url()
    if url is None:
        pytest.skip("no Redis at 127.0.0.1:6379 (CI sets CITYCOMM_TEST_REDIS_URL and requires it)")
    shared = {"rate_limit_storage_url": url, "rate_limit_key_prefix": f"citycomm-test-{uuid.uuid4()}"}
    with ExitStack() as replicas:
        first, second = (replicas.enter_context(intake(**shared)) for _ in range(2))
        answers = [feedback(replica) for replica in (first, second, first, second, first)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_with_redis_down_a_replica_limits_on_its_own_and_stays_ready() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        nothing_listens = f"redis://127.0.0.1:{unused.getsockname()[1]}/0"
    with intake(rate_limit_storage_url=nothing_listens) as url:
        codes = [feedback(url).status_code for _ in range(4)]
        ready = httpx.get(f"{url}/readyz", timeout=5).status_code
    assert codes == [202, 202, 202, 429] and ready == 200
