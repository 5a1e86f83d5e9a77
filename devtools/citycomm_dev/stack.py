"""The whole platform on one machine: which processes, with which settings, on which ports."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sys
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from citycomm_dev.broker import free_port


@dataclass(frozen=True)
class Ports:
    intake_http: int = 8080
    intake_grpc: int = 50051
    routing_http: int = 8081
    notifications_http: int = 8082
    reporting_http: int = 8083
    reporting_grpc: int = 50052
    inbox: int = 8090
    traces: int = 8091
    smtp: int = 8025  # the embedded SMTP server (in the inbox process): mails to submitters

    @classmethod
    def free(cls) -> Ports:
        return cls(*(free_port() for _ in fields(cls)))

    @classmethod
    def shifted(cls, offset: int) -> Ports:
        """The default ports moved by offset, so a second stack can run beside the first."""
        return cls(*(port + offset for port in cls().__dict__.values()))


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: list[str]
    env: dict[str, str]
    ready_url: str


@dataclass(frozen=True)
class StackConfig:
    bootstrap: str
    embedded_broker: bool
    state_dir: Path
    ports: Ports = field(default_factory=Ports)
    inbox_secret: str = field(
        default_factory=lambda: "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode())
    # One operator credential for the local platform's operator APIs and dashboard, new each run.
    operator_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Seals the secrets agencies rotate themselves (a Fernet key: 32 random bytes, URL-safe base64).
    webhook_secrets_key: str = field(
        default_factory=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    # What intake presents to reporting's gRPC, new each run (production refuses the default).
    reporting_grpc_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # The real moment every service's clock starts from, so a fast or shifted clock
    # (CITYCOMM_CLOCK_SPEEDUP, CITYCOMM_CLOCK_START) reads the same time in all of them.
    clock_origin: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    # make run: a local trace viewer the services export their spans to (unless OTEL_* says where).
    trace_viewer: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def inbox_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.inbox}/webhooks"


def _module(name: str) -> list[str]:
    return [sys.executable, "-m", name]


def _common_env(config: StackConfig) -> dict[str, str]:
    return {
        "CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": config.bootstrap,
        "CITYCOMM_KAFKA_COMPAT": "tansu" if config.embedded_broker else "none",
        "CITYCOMM_DEMO_INBOX_URL": config.inbox_url,
        "CITYCOMM_DEMO_INBOX_SECRET": config.inbox_secret,
        "CITYCOMM_OPERATOR_TOKEN": config.operator_token,
        "CITYCOMM_OPERATOR_API_KEY_SHA256": hashlib.sha256(config.operator_token.encode()).hexdigest(),
        "CITYCOMM_REPORTING_GRPC_TOKEN": config.reporting_grpc_token,
        "CITYCOMM_WEBHOOK_SECRETS_KEY": config.webhook_secrets_key,
        "CITYCOMM_CLOCK_ORIGIN": config.clock_origin,
        "PYTHONUNBUFFERED": "1",
        **_trace_export(config),
        **config.extra_env,  # a test's settings win over every default
    }


def _trace_export(config: StackConfig) -> dict[str, str]:
    """Spans to the local trace viewer over OTLP/HTTP, unless the environment names an exporter."""
    chosen = {"OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"}
    if not config.trace_viewer or chosen & set(os.environ):
        return {}
    return {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{config.ports.traces}",
            "OTEL_BSP_SCHEDULE_DELAY": "500"}


def processes(config: StackConfig) -> list[ProcessSpec]:
    """The four services and the demo inbox (and the trace viewer if asked), each its own process."""
    p, state = config.ports, config.state_dir
    common = _common_env(config)

    def spec(name: str, module: str, http_port: int, **env: str) -> ProcessSpec:
        return ProcessSpec(
            name, _module(module),
            {**common, "OTEL_SERVICE_NAME": name, "CITYCOMM_HTTP_PORT": str(http_port), **env,
             **config.extra_env},
            f"http://127.0.0.1:{http_port}/readyz")

    return [
        *_trace_viewer(config),  # first: the services export to it from their start
        spec("intake", "citycomm_intake", p.intake_http, CITYCOMM_GRPC_PORT=str(p.intake_grpc),
             CITYCOMM_REPORTING_GRPC_TARGET=f"127.0.0.1:{p.reporting_grpc}",
             CITYCOMM_ATTACHMENTS_DIR=str(state / "intake" / "attachments")),
        spec("routing", "citycomm_routing", p.routing_http, CITYCOMM_DATA_DIR=str(state / "routing"),
             CITYCOMM_INTAKE_URL=f"http://127.0.0.1:{p.intake_http}",  # self-service: whose key
             CITYCOMM_NOTIFICATIONS_URL=f"http://127.0.0.1:{p.notifications_http}",  # proves a new URL
             CITYCOMM_NOTIFICATIONS_OPERATOR_TOKEN=config.operator_token),
        spec("notifications", "citycomm_notifications", p.notifications_http,
             CITYCOMM_DATA_DIR=str(state / "notifications"),
             CITYCOMM_INTAKE_URL=f"http://127.0.0.1:{p.intake_http}",  # who holds an API key
             CITYCOMM_SMTP_HOST="127.0.0.1", CITYCOMM_SMTP_PORT=str(p.smtp),  # mails to submitters
             CITYCOMM_SUBMITTER_PUBLIC_URL=f"http://127.0.0.1:{p.notifications_http}"),
        spec("reporting", "citycomm_reporting", p.reporting_http,
             CITYCOMM_GRPC_PORT=str(p.reporting_grpc), CITYCOMM_DATA_DIR=str(state / "reporting"),
             CITYCOMM_DATABASE_URL=os.environ.get(
                 "CITYCOMM_DATABASE_URL", f"sqlite+aiosqlite:///{state / 'reporting.db'}")),
        ProcessSpec("inbox", _module("citycomm_dev.inbox"),
                    {**common, "CITYCOMM_DEMO_INBOX_PORT": str(p.inbox),
                     "CITYCOMM_DEMO_SMTP_PORT": str(p.smtp)},
                    f"http://127.0.0.1:{p.inbox}/api/received"),
    ]


def _trace_viewer(config: StackConfig) -> list[ProcessSpec]:
    if not config.trace_viewer:
        return []
    p = config.ports
    env = {"CITYCOMM_TRACE_VIEWER_PORT": str(p.traces), "PYTHONUNBUFFERED": "1",
           "CITYCOMM_TRACE_VIEWER_LOOKUP_URL": f"http://127.0.0.1:{p.reporting_http}"}
    return [ProcessSpec("traces", _module("citycomm_dev.trace_viewer"), env, f"http://127.0.0.1:{p.traces}/livez")]


def _traces_and_clock(config: StackConfig) -> list[str]:
    lines = []
    if config.trace_viewer:
        lines.append(f"  traces                   http://127.0.0.1:{config.ports.traces}/ (one inquiry: "
                     f"/inquiries/<inquiry id or tracking code>)")
    speedup, start = os.environ.get("CITYCOMM_CLOCK_SPEEDUP"), os.environ.get("CITYCOMM_CLOCK_START")
    if speedup or start:
        lines.append(f"  clock                    {speedup or '1'}× real time"
                     + (f", starting at {start}" if start else ""))
    return lines


def banner(config: StackConfig) -> str:
    p = config.ports
    broker = "embedded Tansu" if config.embedded_broker else "external Kafka"
    return "\n".join([
        "CityComm is starting:",
        f"  {'broker (' + broker + ')':<25}{config.bootstrap}",
        f"  intake REST + OpenAPI    http://127.0.0.1:{p.intake_http}/docs",
        f"  intake gRPC              127.0.0.1:{p.intake_grpc}",
        f"  citizens' page           http://127.0.0.1:{p.intake_http}/gop-y (send and follow, no account)",
        f"  routing                  http://127.0.0.1:{p.routing_http}/readyz",
        f"  notifications            http://127.0.0.1:{p.notifications_http}/readyz",
        f"  reporting                http://127.0.0.1:{p.reporting_http}/docs (gRPC {p.reporting_grpc})",
        f"  dashboard                http://127.0.0.1:{p.reporting_http}/dashboard",
        *_traces_and_clock(config),
        f"  operator token           {config.operator_token}  (operator APIs: Authorization: Bearer …; "
        "the dashboard is for people who sign in)",
        f"  demo agency inbox        http://127.0.0.1:{p.inbox}/ (as received: "
        f"http://127.0.0.1:{p.inbox}/api/received/<webhook-id>/raw)",
        f"  mails to submitters      http://127.0.0.1:{p.inbox}/ (section E-mail; SMTP 127.0.0.1:{p.smtp})",
        f"  inbox signing secret     {config.inbox_secret}  (verify its webhooks with standardwebhooks: "
        "README, 'Verify a webhook')",
        "Try:",
        f"  curl -s -XPOST http://127.0.0.1:{p.intake_http}/v1/feedback \\",
        "    -H 'content-type: application/json' \\",
        "    -d '{\"category\":\"noise\",\"ward\":\"Phường Sài Gòn\",\"title\":\"Karaoke\","
        "\"description\":\"Loud karaoke after 22:00\"}'",
        "Ctrl-C stops everything.",
    ])
