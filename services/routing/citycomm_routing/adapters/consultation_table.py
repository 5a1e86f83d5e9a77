"""The consultation table as the service layer sees it: each consultation's record, by its id, over
a faust table of bytes (citycomm.v1.ConsultationState values)."""

from __future__ import annotations

from collections.abc import MutableMapping

from citycomm.v1.consultations_pb2 import ConsultationState
from citycomm_common.contracts import parse, serialize


class ConsultationTable:
    """ConsultationStates over a faust table of bytes."""

    def __init__(self, table: MutableMapping[bytes, bytes]) -> None:
        self._table = table

    def get(self, consultation_id: str) -> ConsultationState | None:
        raw = self._table.get(consultation_id.encode())
        return parse(ConsultationState, raw) if raw else None

    def put(self, consultation_id: str, state: ConsultationState) -> None:
        self._table[consultation_id.encode()] = serialize(state)
