"""One inquiry is one trace: intake's request, every Kafka hop, the webhook call, the projection."""

from __future__ import annotations

import uuid

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Collector
from tests.support.otlp import ReceivedSpan

EXPECTED = {
    ("intake", "POST /v1/feedback"),
    ("intake", "send inquiry.commands"),
    ("routing", "process inquiry.commands"),
    ("routing", "send inquiry.events"),
    ("notifications", "process inquiry.events"),
    ("notifications", "deliver inquiry.assigned"),
    ("notifications", "POST"),
    ("notifications", "send notification.events"),
    ("reporting", "process inquiry.events"),
    ("reporting", "process notification.events"),
}
CONSUMER, PRODUCER = 5, 4  # OTLP SpanKind values


def test_an_inquiry_is_one_connected_trace_across_the_services(
        stack: Stack, stack_config: StackConfig, collector: Collector) -> None:
    response = httpx.post(f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/feedback",
                          headers={"Idempotency-Key": str(uuid.uuid4())},
                          json={"category": "noise", "ward": "26740", "title": "Trace me",
                                "description": "Karaoke"}, timeout=10)
    assert response.status_code == 202
    inquiry_id = response.json()["inquiry_id"]

    def root() -> ReceivedSpan | None:
        sends = [s for s in collector.sink.find("send inquiry.commands", "intake")
                 if s.attributes.get("messaging.kafka.message.key") == inquiry_id]
        return sends[0] if sends else None

    trace_id = wait_for(root, 30, "intake's send span").trace_id

    def complete() -> list[ReceivedSpan] | None:
        spans = collector.sink.trace(trace_id)
        return spans if {(s.service, s.name) for s in spans} >= EXPECTED else None

    spans = wait_for(complete, 45, "spans from every hop of the inquiry")
    ids = {s.span_id for s in spans}
    roots = [s for s in spans if not s.parent_span_id]
    assert [(r.service, r.name) for r in roots] == [("intake", "POST /v1/feedback")]
    orphans = [(s.service, s.name) for s in spans if s.parent_span_id and s.parent_span_id not in ids]
    assert not orphans, f"spans whose parent is not in the trace: {orphans}"
    process = [s for s in spans if s.name.startswith("process ")]
    assert all(s.kind == CONSUMER and s.attributes["messaging.system"] == "kafka" for s in process)
    assert all(s.kind == PRODUCER for s in spans if s.name.startswith("send "))
