"""Structured logs carry the trace and span ids of the work they describe."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from opentelemetry.sdk.trace import TracerProvider

from citycomm_common.telemetry import JsonFormatter


def test_json_log_lines_carry_trace_and_span_ids() -> None:
    record = logging.LogRecord("citycomm.test", logging.INFO, __file__, 1, "assigned %s", ("inq-1",), None)
    with TracerProvider().get_tracer("t").start_as_current_span("work") as span:
        line = json.loads(JsonFormatter().format(record))
    context = span.get_span_context()
    assert line["message"] == "assigned inq-1"
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")


def test_json_log_lines_outside_a_span_have_no_trace_id() -> None:
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "plain", (), None)
    assert "trace_id" not in json.loads(JsonFormatter().format(record))


def _tracing_in_a_process(**env: str) -> str:
    """configure_tracing in a fresh process (a tracer provider can be set once per process)."""
    code = ("from opentelemetry import trace, propagate\n"
            "from citycomm_common.telemetry import configure_tracing\n"
            "provider = configure_tracing('t')\n"
            "with trace.get_tracer('t').start_as_current_span('s'):\n"
            "    carrier = {}\n"
            "    propagate.inject(carrier)\n"
            "processors = provider._active_span_processor._span_processors if provider else ()\n"
            "print(type(provider).__name__, len(processors), bool(carrier.get('traceparent')))\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    done = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_trace_context_is_made_whether_or_not_spans_are_exported() -> None:
    assert _tracing_in_a_process() == "TracerProvider 0 True"  # no exporter, still a traceparent
    assert _tracing_in_a_process(OTEL_TRACES_EXPORTER="console") == "TracerProvider 1 True"
    assert _tracing_in_a_process(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9") == "TracerProvider 1 True"
    assert _tracing_in_a_process(OTEL_SDK_DISABLED="true") == "NoneType 0 False"
