"""The trends reporting's pages show (issue 19): citycomm.v1.TrendView by trend id, in a faust
global table of bytes (every worker serves the pages; each writes the trends of the partitions it
holds), or in any mapping (tests, and a worker without the app). Ended trends are pruned after the
retention (`TrendConfig.ended_kept_days`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime

from citycomm.v1 import trends_pb2
from citycomm_common.contracts import from_timestamp, parse, serialize


class TrendBoard:
    def __init__(self, table: MutableMapping[bytes, bytes] | None = None) -> None:
        self._table: MutableMapping[bytes, bytes] = {} if table is None else table

    def get(self, trend_id: str) -> trends_pb2.TrendView | None:
        raw = self._table.get(trend_id.encode())
        return parse(trends_pb2.TrendView, raw) if raw else None

    def put(self, view: trends_pb2.TrendView) -> None:
        self._table[view.trend.trend_id.encode()] = serialize(view)

    def views(self) -> list[trends_pb2.TrendView]:
        return [parse(trends_pb2.TrendView, raw) for raw in list(self._table.values()) if raw]

    def prune(self, before: datetime) -> int:
        """Forget the trends that ended before `before`; how many."""
        old = [key for key, raw in list(self._table.items()) if raw and _ended_before(raw, before)]
        for key in old:
            del self._table[key]
        return len(old)


def _ended_before(raw: bytes, before: datetime) -> bool:
    view = parse(trends_pb2.TrendView, raw)
    return view.ended and from_timestamp(view.changed_time) < before
