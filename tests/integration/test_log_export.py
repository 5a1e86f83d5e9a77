"""Logs reach the OpenTelemetry collector's logs pipeline over OTLP, masked as stderr is, with the
trace they were written in: a real OTLP/HTTP exporter posting to a receiver that decodes them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from opentelemetry.sdk.trace import TracerProvider

from citycomm_common.telemetry import RedactedOtlpHandler, configure_log_export
from tests.support.polling import wait_for


class Receiver(BaseHTTPRequestHandler):
    received: list[ExportLogsServiceRequest] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["content-length"]))
        if self.path == "/v1/logs":
            Receiver.received.append(ExportLogsServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
    monkeypatch.setenv("OTEL_LOGS_EXPORTER", "otlp")
    Receiver.received.clear()
    yield endpoint
    server.shutdown()


def test_logs_are_exported_masked_with_their_trace(collector: str) -> None:
    provider = configure_log_export("citycomm-test")
    assert provider is not None
    root = logging.getLogger()
    level, root.level = root.level, logging.INFO
    tracer = TracerProvider().get_tracer("test")
    try:
        with tracer.start_as_current_span("process inquiry.commands") as span:
            logging.getLogger("citycomm.test").info(
                "GET /v1/inquiries?api_key=cck_0123456789ab_SECRETPART 200",
                extra={"color_message": "GET /v1/inquiries?api_key=cck_0123456789ab_SECRETPART"})
            try:
                raise RuntimeError("upstream said: Authorization: Bearer eyJhbGciOi.secret")
            except RuntimeError:
                logging.getLogger("citycomm.test").exception("delivery failed")
        trace_id = span.get_span_context().trace_id
        provider.force_flush()
        wait_for(lambda: len(records()) >= 2, 10, "two log records at the receiver")
    finally:
        root.level = level
        for handler in [h for h in root.handlers if isinstance(h, RedactedOtlpHandler)]:
            root.removeHandler(handler)
        provider.shutdown()
    exported = records()
    everything = str(Receiver.received)
    assert "SECRETPART" not in everything and "eyJhbGciOi" not in everything
    access, failure = exported[0], exported[1]
    assert access.body.string_value == "GET /v1/inquiries?api_key=*** 200"
    assert "color_message" not in {a.key for a in access.attributes}
    assert failure.body.string_value.startswith("delivery failed\nTraceback")
    assert "Bearer ***" in failure.body.string_value
    assert int.from_bytes(access.trace_id, "big") == trace_id
    resource = Receiver.received[0].resource_logs[0].resource
    assert ("service.name", "citycomm-test") in {(a.key, a.value.string_value) for a in resource.attributes}


def records() -> list:  # type: ignore[type-arg]
    return [r for request in Receiver.received for resource in request.resource_logs
            for scope in resource.scope_logs for r in scope.log_records]


def test_an_endpoint_alone_exports_traces_not_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    """make run's trace viewer and the tests' span sink take traces only."""
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("OTEL_LOGS_EXPORTER", raising=False)
    assert configure_log_export("citycomm-test") is None
