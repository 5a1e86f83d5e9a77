"""The inquiry table as the service layer sees it: each inquiry's lifecycle state, by inquiry id.

The faust table keeps bytes keyed by the record key (the inquiry id's bytes), so its changelog
holds plain serialized citycomm.v1.InquiryState values.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from citycomm.v1.state_pb2 import InquiryState


class InquiryTable:
    """InquiryStates over a faust table of bytes."""

    def __init__(self, table: MutableMapping[bytes, bytes]) -> None:
        self._table = table

    def get(self, inquiry_id: str) -> InquiryState | None:
        raw = self._table.get(inquiry_id.encode())
        return InquiryState.FromString(raw) if raw else None

    def put(self, inquiry_id: str, state: InquiryState) -> None:
        self._table[inquiry_id.encode()] = state.SerializeToString()
