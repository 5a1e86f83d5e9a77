"""The whole platform as real processes on the embedded broker, with a real webhook receiver."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request, Response

import citycomm_dev
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.mail_server import DemoMailbox, start_mail_server
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.support.otlp import SpanSink
from tests.support.reporting_people import write_users
from tests.support.webhook_contract import violations

# Early warning in seconds (issue 19): the detector's hour 2 s, no history needed.
TRENDS_FAST = Path(citycomm_dev.__file__).with_name("trends-fast.yaml")
TREND_TICK_SECONDS = 0.5


@dataclass
class Receiver:
    """An agency's webhook endpoint that keeps every request as it arrived.

    Fault tests make it misbehave: `fail_every` answers 500 to every n-th request, `down` answers
    503 to all, `hang_seconds` answers only after that long.
    """

    port: int
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_every: int = 0
    down: bool = False
    hang_seconds: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks"

    def received(self) -> list[dict[str, Any]]:
        """The requests answered 2xx: what the agency has."""
        with self.lock:
            return [r for r in self.requests if 200 <= r["status"] < 300]

    def event(self, event_type: str, inquiry_id: str, timeout: float = 30) -> dict[str, Any]:
        """The first webhook of `event_type` about `inquiry_id` the agency has, once it has it."""
        def found() -> dict[str, Any] | None:
            bodies = (json.loads(r["body"]) for r in self.received())
            return next((b for b in bodies
                         if b["type"] == event_type and b["data"]["inquiry_id"] == inquiry_id), None)

        return wait_for(found, timeout, f"{event_type} for {inquiry_id}")  # type: ignore[no-any-return]

    def _answer(self) -> int:
        with self.lock:
            seen = len(self.requests)
        if self.down:
            return 503
        return 500 if self.fail_every and seen % self.fail_every == 0 else 204

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/webhooks")
        async def receive(request: Request) -> Response:
            entry = {"headers": dict(request.headers), "body": await request.body(), "status": 0}
            with self.lock:
                self.requests.append(entry)  # status 0 while it hangs: the sender may give up
            if self.hang_seconds:
                await asyncio.sleep(self.hang_seconds)
            entry["status"] = self._answer()
            return Response(status_code=entry["status"])

        return api


@contextmanager
def serve_in_thread(app: FastAPI, port: int, **options: Any) -> Iterator[None]:
    """A real uvicorn server for `app` on `port` (with any further uvicorn options) while inside."""
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, f"the test server on port {port} to start")
    yield
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver(free_port())
    with serve_in_thread(receiver.app(), receiver.port):
        yield receiver
    # The contract test of the whole run: every webhook delivered fits its type's schema.
    broken = {r["headers"]["webhook-id"]: v for r in receiver.received() if (v := violations(r["body"]))}
    assert broken == {}, f"webhooks that break contracts/webhooks/: {broken}"


@dataclass
class Collector:
    """Where the services export their spans (OTLP over HTTP)."""

    port: int
    sink: SpanSink = field(default_factory=SpanSink)

    def env(self) -> dict[str, str]:
        return {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{self.port}",
                "OTEL_BSP_SCHEDULE_DELAY": "200"}


@pytest.fixture(scope="session")
def collector() -> Iterator[Collector]:
    collector = Collector(free_port())
    with serve_in_thread(collector.sink.app(), collector.port):
        yield collector


@dataclass
class PhoneProviders:
    """Fake SMS and Zalo ZNS providers (issue 18): a number in `down_once` is answered 503 the first
    time each provider sees it (an outage), then taken; `taken` keeps what each accepted."""

    port: int
    down_once: set[str] = field(default_factory=set)
    requests: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)  # provider, status, body
    lock: threading.Lock = field(default_factory=threading.Lock)

    def env(self) -> dict[str, str]:
        base = f"http://127.0.0.1:{self.port}"
        return {"CITYCOMM_SMS_URL": f"{base}/sms", "CITYCOMM_SMS_API_KEY": "e2e-sms-key",
                "CITYCOMM_ZALO_ZNS_URL": f"{base}/zns", "CITYCOMM_ZALO_ACCESS_TOKEN": "e2e-zns-token",
                "CITYCOMM_ZALO_TEMPLATE_IDS": json.dumps({"default": "301234"})}

    def seen(self, provider: str, phone: str) -> list[tuple[int, dict[str, Any]]]:
        key = "to" if provider == "sms" else "phone"
        with self.lock:
            return [(status, body) for name, status, body in self.requests
                    if name == provider and body.get(key) == phone]

    def app(self) -> FastAPI:
        api = FastAPI()

        def answer(provider: str, phone: str, body: dict[str, Any]) -> int:
            with self.lock:
                first = not any(n == provider and (b.get("to") or b.get("phone")) == phone
                                for n, _, b in self.requests)
                status = 503 if first and phone in self.down_once else 200
                self.requests.append((provider, status, body))
            return status

        @api.post("/sms")
        async def sms(request: Request) -> Response:
            body = await request.json()
            return Response(status_code=answer("sms", body.get("to", ""), body))

        @api.post("/zns")
        async def zns(request: Request) -> Response:
            body = await request.json()
            status = answer("zalo", body.get("phone", ""), body)
            return Response(json.dumps({"error": 0}), status_code=status, media_type="application/json")

        return api


@pytest.fixture(scope="session")
def phone_providers() -> Iterator[PhoneProviders]:
    providers = PhoneProviders(free_port())
    with serve_in_thread(providers.app(), providers.port):
        yield providers


@pytest.fixture(scope="session")
def stack_config(broker: EmbeddedBroker, receiver: Receiver, collector: Collector,
                 phone_providers: PhoneProviders, tmp_path_factory: pytest.TempPathFactory) -> StackConfig:
    # Agencies' webhooks go to the test's receiver instead of the demo inbox; spans to the test;
    # API keys in a database of this run's own (tests.support.api_keys makes them there).
    state = tmp_path_factory.mktemp("stack")
    keys = f"sqlite+aiosqlite:///{state / 'keys.db'}"
    return StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state, ports=Ports.free(),
                       extra_env={"CITYCOMM_DEMO_INBOX_URL": receiver.url, **collector.env(),
                                  **phone_providers.env(),
                                  "CITYCOMM_API_KEYS_DATABASE_URL": keys,
                                  "CITYCOMM_TRENDS_FILE": str(TRENDS_FAST),
                                  "CITYCOMM_USERS_FILE": str(write_users(state)),  # reporting's pages
                                  "CITYCOMM_TREND_TICK_SECONDS": str(TREND_TICK_SECONDS)})


def keys_url(config: StackConfig) -> str:
    """The database the stack's intake reads API keys from."""
    return config.extra_env["CITYCOMM_API_KEYS_DATABASE_URL"]


@pytest.fixture(scope="session")
def mailbox(stack_config: StackConfig) -> Iterator[DemoMailbox]:
    """The embedded SMTP server the stack's notifications send submitters' mails to (make run's)."""
    box = DemoMailbox()
    server = start_mail_server(stack_config.ports.smtp, box)
    yield box
    server.stop()


@pytest.fixture(scope="session")
def stack(stack_config: StackConfig, mailbox: DemoMailbox) -> Iterator[Stack]:
    running = Stack().start([s for s in processes(stack_config) if s.name != "inbox"], run_name="e2e")
    yield running
    exit_codes = running.stop()
    # uvicorn re-raises SIGTERM after its graceful shutdown, so -15 is intake's clean exit.
    assert set(exit_codes.values()) <= {0, -15}, f"not every service stopped cleanly: {exit_codes}"
