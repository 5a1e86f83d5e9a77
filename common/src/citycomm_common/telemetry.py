"""Telemetry start-up: traces and logs configured by the standard OTEL_* variables."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, LogRecordExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

from citycomm_common.redaction import RedactingFormatter, redact
from citycomm_common.settings import CommonSettings


def _traces_exporter() -> str:
    """OTEL_TRACES_EXPORTER decides; unset, export over OTLP only when an endpoint is given."""
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT")
    return os.environ.get("OTEL_TRACES_EXPORTER", "otlp" if endpoint else "none").strip().lower()


def configure_tracing(service_name: str) -> TracerProvider | None:
    """An SDK tracer provider whether or not spans are exported: every record and webhook carries a
    W3C traceparent (one trace per inquiry), and logs its trace id, even where nothing collects spans.
    Sampling is the SDK's (OTEL_TRACES_SAMPLER, parent-based by default); OTEL_SDK_DISABLED=true
    turns all of it off, propagation included."""
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return None
    resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)})
    provider = TracerProvider(resource=resource)
    exporter_name = _traces_exporter()
    if exporter_name == "otlp":
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter()))
    elif exporter_name == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter(out=sys.stderr)))
    trace.set_tracer_provider(provider)
    _instrument_clients()
    return provider


def _otlp_exporter() -> SpanExporter:
    exporter: SpanExporter = _otlp("TRACES", "trace_exporter", "OTLPSpanExporter")
    return exporter


def _otlp(signal: str, module: str, name: str) -> Any:
    """The OTLP exporter of a signal: over gRPC unless OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL (or
    OTEL_EXPORTER_OTLP_PROTOCOL) says http/protobuf. Imported here: only exporting services need it."""
    protocol = os.environ.get(f"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL",
                              os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))
    transport = "http" if protocol.startswith("http") else "grpc"
    return getattr(importlib.import_module(f"opentelemetry.exporter.otlp.proto.{transport}.{module}"), name)()


def _instrument_clients() -> None:
    """Outbound HTTP (webhooks) and gRPC (look-ups) calls get client spans in the same trace."""
    from opentelemetry.instrumentation.grpc import GrpcAioInstrumentorClient, GrpcAioInstrumentorServer
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    HTTPXClientInstrumentor().instrument()
    # Their __init__ has no annotations (opentelemetry-instrumentation-grpc 0.66b1).
    GrpcAioInstrumentorClient().instrument()  # type: ignore[no-untyped-call]
    GrpcAioInstrumentorServer().instrument()  # type: ignore[no-untyped-call]



class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the trace and span ids of the current span."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
            entry["span_id"] = format(context.span_id, "016x")
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# The attributes a log record keeps on its way to the collector: where it was logged, nothing a
# library added to the record (uvicorn's `color_message` repeats the message unmasked).
_KEPT = ("name", "levelno", "levelname", "pathname", "filename", "module", "lineno", "funcName",
         "created", "msecs", "relativeCreated", "thread", "threadName", "process", "processName")


class RedactedOtlpHandler(LoggingHandler):
    """OpenTelemetry's logging handler, fed masked records only: the message with its traceback,
    formatted and masked as on stderr; the record's other attributes left out."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("opentelemetry"):  # the exporter's own complaints stay on stderr
            return
        text = redact(logging.Formatter("%(message)s").format(record))
        safe = logging.makeLogRecord({k: getattr(record, k) for k in _KEPT if hasattr(record, k)})
        safe.msg, safe.args = text, None
        super().emit(safe)


def configure_log_export(service_name: str) -> LoggerProvider | None:
    """Logs to the OpenTelemetry collector too (its logs pipeline), with the trace and span ids of
    the span they were written in, when OTEL_LOGS_EXPORTER=otlp (deploy/k8s sets it). Unlike
    traces, not merely because an endpoint is given: `make run`'s trace viewer and the tests'
    span sink take traces only. Masked as stderr is."""
    if (os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true"
            or os.environ.get("OTEL_LOGS_EXPORTER", "none").strip().lower() != "otlp"):
        return None
    resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)})
    provider = LoggerProvider(resource=resource)
    provider.add_log_record_processor(BatchLogRecordProcessor(_otlp_log_exporter()))
    logging.getLogger().addHandler(RedactedOtlpHandler(logger_provider=provider))
    return provider


def _otlp_log_exporter() -> LogRecordExporter:
    exporter: LogRecordExporter = _otlp("LOGS", "_log_exporter", "OTLPLogExporter")
    return exporter


def configure_logging(settings: CommonSettings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        formatter: logging.Formatter = JsonFormatter()
    else:
        formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The one handler every service logs through (uvicorn's access log included): no credentials.
    handler.setFormatter(RedactingFormatter(formatter))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)


def configure_telemetry(service_name: str, settings: CommonSettings) -> None:
    configure_logging(settings)
    configure_tracing(service_name)
    configure_log_export(service_name)
