"""The event codec: CloudEvents binary mode with protobuf values, read by the official SDK and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.base import Format
from cloudevents.core.v1.event import CloudEvent
from cloudevents.v1.kafka import KafkaMessage as V1KafkaMessage
from cloudevents.v1.kafka import from_binary as v1_from_binary
from opentelemetry.sdk.trace import TracerProvider

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.contracts import serialize, to_timestamp, with_legacy

# As this release holds it (typed fields only); on the wire the codec adds the legacy text.
ASSIGNED = events_pb2.InquiryAssigned(
    inquiry_id="inq-1", agency_id="so-y-te", kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST,
    deadline=common_pb2.Deadline(policy_id="p",
                                 due_time=to_timestamp(datetime(2026, 12, 1, 10, tzinfo=UTC))),
    title="Giá vé xe buýt tăng?",
)
ON_THE_WIRE = with_legacy(events_pb2.InquiryAssigned.FromString(ASSIGNED.SerializeToString()))


class RawFormat(Format):
    """Leaves protobuf bytes as bytes (the SDK's JSON format would try to decode them)."""

    def read_data(self, body, content_type):  # type: ignore[no-untyped-def]
        return body

    def write_data(self, data, datacontenttype):  # type: ignore[no-untyped-def]
        return data

    def read(self, event_klass, data):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def write(self, event):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def get_content_type(self) -> str:
        return codec.CONTENT_TYPE


def test_round_trips_a_message_with_its_attributes() -> None:
    moment = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    record = codec.encode(ASSIGNED, source="/citycomm/routing", subject="inq-1", event_id="e-1", time=moment)
    envelope = codec.decode(record.value, record.headers)
    assert envelope.message == ASSIGNED
    assert (envelope.id, envelope.type, envelope.source, envelope.subject, envelope.time) == (
        "e-1", "citycomm.v1.InquiryAssigned", "/citycomm/routing", "inq-1", moment)
    assert record.key == b"inq-1"


def test_a_serialized_message_is_framed_as_encode_frames_the_message() -> None:
    moment = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    framed = codec.frame(serialize(ASSIGNED), "citycomm.v1.InquiryAssigned", source="/citycomm/routing",
                         subject="inq-1", event_id="e-1", time=moment)
    assert framed == codec.encode(ASSIGNED, source="/citycomm/routing", subject="inq-1",
                                  event_id="e-1", time=moment)
    assert codec.decode(framed.value, framed.headers).message == ASSIGNED


def test_the_official_sdk_reads_our_records() -> None:
    record = codec.encode(ASSIGNED, source="/citycomm/routing", subject="inq-1", event_id="e-1")
    message = ce_kafka.KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
    event = ce_kafka.from_binary(message, RawFormat())
    assert event.get_type() == "citycomm.v1.InquiryAssigned"
    assert event.get_id() == "e-1"
    assert event.get_subject() == "inq-1"
    assert event.get_datacontenttype() == "application/protobuf"
    assert events_pb2.InquiryAssigned.FromString(event.get_data()) == ON_THE_WIRE
    legacy = v1_from_binary(V1KafkaMessage(dict(record.headers), record.key, record.value),
                            data_unmarshaller=lambda data: data)
    assert legacy["type"] == "citycomm.v1.InquiryAssigned"
    assert events_pb2.InquiryAssigned.FromString(legacy.data) == ON_THE_WIRE


def test_reads_records_the_official_sdk_writes() -> None:
    event = CloudEvent(
        attributes={"type": "citycomm.v1.InquiryAssigned", "source": "/elsewhere", "id": "x-9",
                    "subject": "inq-1", "datacontenttype": "application/protobuf",
                    "time": datetime(2026, 1, 2, tzinfo=UTC)},
        data=ASSIGNED.SerializeToString())
    message = ce_kafka.to_binary(event, RawFormat())
    envelope = codec.decode(message.value, message.headers)
    assert envelope.message == ASSIGNED
    assert envelope.id == "x-9"


def test_carries_the_current_trace_context() -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as span:
        record = codec.encode(ASSIGNED, source="/t", subject="inq-1")
    traceparent = dict(record.headers)["traceparent"].decode()
    assert format(span.get_span_context().trace_id, "032x") in traceparent


@pytest.mark.parametrize(("value", "headers", "reason"), [
    (b"", [], "missing header ce_specversion"),
    (b"\xff\xfe", [("ce_specversion", b"1.0"), ("content-type", b"application/protobuf"),
                   ("ce_type", b"citycomm.v1.InquiryAssigned"), ("ce_id", b"1"),
                   ("ce_source", b"/x"), ("ce_time", b"2026-01-01T00:00:00Z")], "bad citycomm.v1"),
    (b"", [("ce_specversion", b"1.0"), ("content-type", b"application/protobuf"),
           ("ce_type", b"citycomm.v2.InquiryAssigned")], "unknown event type"),
    (b"", [("ce_specversion", b"1.0"), ("content-type", b"application/json")], "content-type"),
    (b"", [("ce_specversion", b"0.3")], "specversion"),
])
def test_refuses_what_it_cannot_read_with_a_reason(value: bytes, headers: list[tuple[str, bytes]],
                                                   reason: str) -> None:
    with pytest.raises(codec.UndecodableRecord, match=reason):
        codec.decode(value, headers)


def test_derived_ids_repeat_for_the_same_inputs_only() -> None:
    assert codec.derived_id("cmd-1", "assigned") == codec.derived_id("cmd-1", "assigned")
    assert codec.derived_id("cmd-1", "assigned") != codec.derived_id("cmd-1", "submitted")
