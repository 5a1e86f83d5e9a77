"""Structured logs carry the trace and span ids of the work they describe."""

from __future__ import annotations

import json
import logging

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
