"""Stream partitions without a committed offset are read from their earliest record after a rebalance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faust.types import TP

from citycomm_common.streams import start_uncommitted_at_earliest

COMMANDS, EVENTS, CHANGELOG = "inquiry.commands", "inquiry.events", "app-table-changelog"


@dataclass
class FakeConsumer:
    """What faust's consumer offers the wrapper: its seek, the offsets it noted, local seeks."""

    committed: dict[TP, int | None]
    seeks: list[tuple[TP, int]] = field(default_factory=list)
    performed: int = 0
    _committed_offset: dict[TP, int] = field(default_factory=dict)

    async def perform_seek(self) -> None:  # faust notes only the partitions with a commit
        self.performed += 1
        self._committed_offset.update({tp: o for tp, o in self.committed.items() if o is not None})

    def assignment(self) -> set[TP]:
        return set(self.committed)

    async def seek(self, tp: TP, offset: int) -> None:
        self.seeks.append((tp, offset))


@dataclass
class FakeTopic:
    topics: tuple[str, ...]


@dataclass
class FakeApp:
    consumer: FakeConsumer
    topics: list[FakeTopic]
    reset: str = "earliest"
    tables: Any = None
    conf: Any = None

    def __post_init__(self) -> None:
        self.tables = type("Tables", (), {"changelog_topics": {CHANGELOG}})()
        self.conf = type("Conf", (), {"consumer_auto_offset_reset": self.reset})()


def app_with(committed: dict[TP, int | None], reset: str = "earliest") -> FakeApp:
    consumer = FakeConsumer(committed)
    return FakeApp(consumer, [FakeTopic((COMMANDS,)), FakeTopic((EVENTS,)), FakeTopic((CHANGELOG,))], reset)


async def test_uncommitted_stream_partitions_go_back_to_their_earliest_record() -> None:
    fresh, zero, done, table = TP(EVENTS, 0), TP(COMMANDS, 1), TP(EVENTS, 1), TP(CHANGELOG, 0)
    app = app_with({fresh: None, zero: 0, done: 42, table: None})
    start_uncommitted_at_earliest(app)  # type: ignore[arg-type]
    await app.consumer.perform_seek()
    # faust's own seek ran; only the stream partition with nothing committed was moved, to its start
    assert app.consumer.performed == 1
    # 0 too: aiokafka only seeks to offsets > 0. Offset 0 is before the first record (out of range
    # where retention removed it, and aiokafka then resets to the earliest).
    assert sorted(app.consumer.seeks) == sorted([(fresh, 0), (zero, 0)])


async def test_nothing_moves_when_every_partition_has_a_commit() -> None:
    app = app_with({TP(COMMANDS, 0): 3, TP(EVENTS, 2): 1})
    start_uncommitted_at_earliest(app)  # type: ignore[arg-type]
    await app.consumer.perform_seek()
    assert app.consumer.seeks == []


async def test_a_latest_reset_policy_is_left_alone() -> None:
    app = app_with({TP(EVENTS, 0): None}, reset="latest")
    start_uncommitted_at_earliest(app)  # type: ignore[arg-type]
    await app.consumer.perform_seek()
    assert app.consumer.seeks == [] and app.consumer.performed == 1
