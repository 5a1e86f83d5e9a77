"""Keyed protobuf records in faust tables (changelogged), placed in the partitions of what they belong to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import faust
from aiokafka.partitioner import murmur2
from google.protobuf.message import Message

from citycomm_common.contracts import parse, serialize

M = TypeVar("M", bound=Message)


def partition_of(key: str, partitions: int) -> int:
    """The partition the producers' default partitioner gives a key (aiokafka, Java client alike)."""
    return (int(murmur2(key.encode())) & 0x7FFFFFFF) % partitions


def placed_partition(key: str) -> int:
    """The partition written in front of a placed key: `"<partition>/<id>"`."""
    return int(key.split("/", 1)[0])


Ownership = Callable[[], tuple[frozenset[int], int]]  # (partitions held actively, partition count)


class TableStore(Generic[M]):
    """A faust table that timers and tasks may write, partitioned like inquiry.events.

    `items` yields only keys of partitions this worker actively holds: a memory store keeps
    standby and revoked partitions' data, which another worker is acting on.
    """

    def __init__(self, table: Any, kind: type[M], ownership: Ownership,
                 partition_for: Callable[[str, int], int] = partition_of) -> None:
        self._table, self._kind, self._ownership = table, kind, ownership
        self._partition_for = partition_for

    def get(self, key: str) -> M | None:
        raw = self._table.get(key.encode())
        return parse(self._kind, raw) if raw is not None else None

    def put(self, key: str, record: M) -> None:
        self._table[key.encode()] = serialize(record)

    def delete(self, key: str) -> None:
        if key.encode() in self._table:
            del self._table[key.encode()]

    def owns(self, key: str) -> bool:
        held, partitions = self._ownership()
        return partitions > 0 and self._partition_for(key, partitions) in held

    def items(self) -> Iterator[tuple[str, M]]:
        held, partitions = self._ownership()
        if partitions == 0:
            return
        for raw_key, raw in list(self._table.items()):
            key = raw_key.decode()
            if raw is not None and self._partition_for(key, partitions) in held:
                yield key, parse(self._kind, raw)

    def generation(self) -> object:
        return self._ownership()


class PlacedTable(faust.Table[bytes, bytes]):
    """A table whose keys say their partition (`"<partition>/<id>"`), so a delivery lives
    in the partition of the inquiry that caused it, which the same worker holds."""

    def partition_for_key(self, key: Any) -> int | None:
        return placed_partition(key.decode() if isinstance(key, bytes) else str(key))
