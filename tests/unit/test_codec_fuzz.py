"""Hostile records: whatever bytes and headers arrive, the codec answers or refuses, never crashes."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from citycomm_common import codec

HEADER_NAMES = st.sampled_from(["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time",
                                "ce_subject", "content-type", "traceparent", "x"])
KNOWN_TYPES = st.sampled_from(sorted(codec.MESSAGE_TYPES))
VALID_BASE = [("ce_specversion", b"1.0"), ("content-type", b"application/protobuf"),
              ("ce_id", b"1"), ("ce_source", b"/fuzz"), ("ce_time", b"2026-01-01T00:00:00Z")]


@settings(max_examples=400, deadline=None)
@given(value=st.binary(max_size=512), headers=st.lists(st.tuples(HEADER_NAMES, st.binary(max_size=64)),
                                                       max_size=10))
def test_random_records_are_read_or_refused(value: bytes, headers: list[tuple[str, bytes]]) -> None:
    with contextlib.suppress(codec.UndecodableRecord):
        codec.decode(value, headers)


@settings(max_examples=400, deadline=None)
@given(value=st.binary(max_size=1024), event_type=KNOWN_TYPES)
def test_random_values_of_known_types_are_read_or_refused(value: bytes, event_type: str) -> None:
    try:
        envelope = codec.decode(value, [*VALID_BASE, ("ce_type", event_type.encode())])
    except codec.UndecodableRecord:
        return
    assert envelope.type == event_type
