"""One inquiry's spans as the four services make them, exported by the OpenTelemetry SDK (viewer tests)."""

from __future__ import annotations

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

INQUIRY = "5d532b6b-8f9f-51b1-ab46-5b2e7cd54f43"
KEY = "messaging.kafka.message.key"


def tracer(service: str, exported: InMemorySpanExporter) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(SimpleSpanProcessor(exported))
    return provider


def an_inquiry_in_four_services() -> list[ReadableSpan]:
    """One trace as the services make it: intake's request and send, then each consumer's process."""
    exported = InMemorySpanExporter()
    services = ("intake", "routing", "notifications", "reporting")
    intake, routing, notifications, reporting = (tracer(name, exported).get_tracer("t") for name in services)
    keyed = {KEY: INQUIRY}
    with intake.start_as_current_span("POST /v1/feedback", kind=SpanKind.SERVER), \
            intake.start_as_current_span("send inquiry.commands", attributes=keyed), \
            routing.start_as_current_span("process inquiry.commands", attributes=keyed), \
            routing.start_as_current_span("send inquiry.events", attributes=keyed):
        with notifications.start_as_current_span("process inquiry.events", attributes=keyed):
            notifications.start_span("POST", kind=SpanKind.CLIENT).end()
        reporting.start_span("process inquiry.events", attributes=keyed).end()
    with intake.start_as_current_span("GET /readyz"):
        pass
    return list(exported.get_finished_spans())
