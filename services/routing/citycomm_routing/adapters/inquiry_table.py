"""The inquiry table as the service layer sees it: each inquiry's lifecycle state, by inquiry id.

The faust table keeps bytes keyed by the record key (the inquiry id's bytes). Its changelog holds
citycomm.v1.InquiryState values as either release reads them: written with the deprecated twins
filled (status, updated_at, ...), read in the typed fields whichever release wrote them
(citycomm_common.contracts).
"""

from __future__ import annotations

from collections.abc import MutableMapping

from citycomm.v1.state_pb2 import InquiryState
from citycomm_common.contracts import parse, serialize


class InquiryTable:
    """InquiryStates over a faust table of bytes."""

    def __init__(self, table: MutableMapping[bytes, bytes]) -> None:
        self._table = table

    def get(self, inquiry_id: str) -> InquiryState | None:
        raw = self._table.get(inquiry_id.encode())
        return parse(InquiryState, raw) if raw else None

    def put(self, inquiry_id: str, state: InquiryState) -> None:
        self._table[inquiry_id.encode()] = serialize(state)
