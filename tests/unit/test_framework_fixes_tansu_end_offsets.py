"""framework_fixes.tansu_end_offsets: where it hooks into aiokafka, when it is installed, and its probe
(waits for the record it knows exists, then stops at the first empty fetch).

The broker defect itself is checked against the embedded broker by
tests/integration/test_tansu_compat.py, which fails the day Tansu reports true end offsets.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Literal

import faust
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from citycomm_common import framework_fixes
from citycomm_common.framework_fixes import tansu_end_offsets
from citycomm_common.framework_fixes.tansu_end_offsets import _last_offset_after
from citycomm_common.settings import CommonSettings

TP = TopicPartition("t", 0)


def test_canary_the_fix_wraps_aiokafkas_own_end_offsets() -> None:
    wrapped = tansu_end_offsets._original_end_offsets
    assert wrapped.__module__ == "aiokafka.consumer.consumer"
    assert wrapped.__qualname__ == "AIOKafkaConsumer.end_offsets"
    assert list(inspect.signature(wrapped).parameters) == ["self", "partitions"]


@pytest.mark.parametrize(("compat", "installed"), [("none", False), ("tansu", True)])
async def test_installed_by_framework_fixes_only_for_the_embedded_broker(
    monkeypatch: pytest.MonkeyPatch, compat: Literal["none", "tansu"], installed: bool,
) -> None:
    monkeypatch.setattr(AIOKafkaConsumer, "end_offsets", tansu_end_offsets._original_end_offsets)
    app = faust.App("canary-end-offsets", broker="kafka://127.0.0.1:1", store="memory://")
    framework_fixes.install(app, CommonSettings(kafka_compat=compat))
    assert (AIOKafkaConsumer.end_offsets is tansu_end_offsets._corrected_end_offsets) is installed


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
    assert await _last_offset_after(probe, TP, reported_end=5) == 10


async def test_the_reported_end_stands_when_the_last_batch_holds_one_record() -> None:
    probe = ScriptedProbe([[4], []])
    assert await _last_offset_after(probe, TP, reported_end=5) == 5


async def test_a_record_that_never_comes_is_an_error_not_a_silent_wrong_offset() -> None:
    probe = ScriptedProbe([])
    with pytest.raises(TimeoutError, match="offset 4"):
        await _last_offset_after(probe, TP, reported_end=5, deadline_seconds=0.05)
