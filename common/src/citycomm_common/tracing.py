"""Kafka spans per the OpenTelemetry messaging conventions, with context carried in record headers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind

tracer = trace.get_tracer("citycomm")


def _carrier(headers: Mapping[str, bytes]) -> dict[str, str]:
    return {
        name: headers[name].decode(errors="replace")
        for name in ("traceparent", "tracestate")
        if name in headers
    }


@contextmanager
def processing(topic: str, headers: Mapping[str, bytes], *, subject: str = "",
               consumer_group: str = "") -> Iterator[Span]:
    """The `process <topic>` span, a child of the span that produced the record."""
    parent = propagate.extract(_carrier(headers))
    attributes = {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": topic,
        "messaging.kafka.message.key": subject,
        "messaging.consumer.group.name": consumer_group,
    }
    with tracer.start_as_current_span(
        f"process {topic}", context=parent, kind=SpanKind.CONSUMER, attributes=attributes
    ) as span:
        yield span


@contextmanager
def sending(topic: str, subject: str) -> Iterator[Span]:
    """The `send <topic>` span; records encoded inside it carry its context."""
    attributes = {
        "messaging.system": "kafka",
        "messaging.operation.type": "send",
        "messaging.destination.name": topic,
        "messaging.kafka.message.key": subject,
    }
    with tracer.start_as_current_span(
        f"send {topic}", kind=SpanKind.PRODUCER, attributes=attributes
    ) as span:
        yield span


def current_traceparent() -> str:
    """The current span's context as a W3C traceparent ('' outside a span), to store with queued work."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent", "")


@contextmanager
def resumed(traceparent: str, name: str) -> Iterator[Span]:
    """A span continuing the trace of work queued earlier (e.g. a webhook attempt by a worker task)."""
    parent = propagate.extract({"traceparent": traceparent} if traceparent else {})
    with tracer.start_as_current_span(name, context=parent, kind=SpanKind.INTERNAL) as span:
        yield span
