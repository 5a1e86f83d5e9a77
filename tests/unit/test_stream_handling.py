"""`streams.handling`: inside a batch, the record being handled is faust's current event (a table
written there goes to its partition's changelog) and its `process` span is the current span."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from faust.streams import current_event
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from citycomm_common import codec
from citycomm_common.streams import Delivery, handling


class Event:
    """What faust keeps a weak reference to: an event with its message."""

    message = SimpleNamespace(topic="inquiry.commands", partition=2)


def test_the_record_handled_is_the_current_event_and_its_span_the_current_span() -> None:
    span = TracerProvider().get_tracer("t").start_span("process inquiry.commands")
    event: Any = Event()
    delivery = Delivery(event, codec.Envelope.__new__(codec.Envelope), span)
    assert current_event() is None
    with handling(delivery):
        assert current_event() is event
        assert trace.get_current_span() is span
    assert current_event() is None and trace.get_current_span() is not span
    assert span.is_recording()  # handling does not end it: the batch ends its spans together
