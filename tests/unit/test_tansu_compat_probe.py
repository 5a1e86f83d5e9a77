"""The end-offset probe waits for the record it knows exists, then stops at the first empty fetch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka import TopicPartition

from citycomm_common.tansu_compat import _last_offset_after

TP = TopicPartition("t", 0)


@dataclass
class Record:
    offset: int


@dataclass
class ScriptedProbe:
    """Answers getmany from a script: [] is a fetch that came back empty."""

    answers: list[list[int]]
    calls: int = 0
    seen: list[Any] = field(default_factory=list)

    async def getmany(self, tp: TopicPartition, timeout_ms: int) -> dict[TopicPartition, list[Record]]:
        self.calls += 1
        offsets = self.answers.pop(0) if self.answers else []
        return {tp: [Record(o) for o in offsets]} if offsets else {}


async def test_slow_first_fetches_are_waited_for_not_taken_as_the_end() -> None:
    # A busy machine: the first fetches come back empty before the last batch (offsets 4..9) arrives.
    probe = ScriptedProbe([[], [], [], [4, 5, 6], [7, 8, 9], []])
    assert await _last_offset_after(probe, TP, reported_end=5) == 10  # type: ignore[arg-type]


async def test_the_reported_end_stands_when_the_last_batch_holds_one_record() -> None:
    probe = ScriptedProbe([[4], []])
    assert await _last_offset_after(probe, TP, reported_end=5) == 5  # type: ignore[arg-type]


async def test_a_record_that_never_comes_is_an_error_not_a_silent_wrong_offset() -> None:
    probe = ScriptedProbe([])
    with pytest.raises(TimeoutError, match="offset 4"):
        await _last_offset_after(probe, TP, reported_end=5, deadline_seconds=0.05)  # type: ignore[arg-type]
