"""The embedded broker's wrong end offsets, corrected; installed only with CITYCOMM_KAFKA_COMPAT=tansu.

Upstream: aiokafka 0.14.0's `AIOKafkaConsumer.end_offsets` returns what the broker answers to
ListOffsets "latest". Tansu, the embedded broker of local runs and tests, answers with the start
of the last stored batch + 1, not the true end (docs/embedded-broker.md). This corrects a defect
of that broker, not of aiokafka: production is Apache Kafka, which answers correctly, and nothing
may depend on Tansu-only behaviour. On Kafka the correction would find the reported end unchanged
(harmless, as we write no transactions, whose commit markers it could not read; only a probe
consumer per call), and it is not installed there: `framework_fixes.install` leaves it out unless
`kafka_compat` is "tansu", which production refuses (citycomm_common.settings).

What goes wrong for us on Tansu: faust-streaming 0.15.3's table recovery reads end offsets to
know when a changelog is recovered, so it stops early and loses the last table updates.

The fix replaces `AIOKafkaConsumer.end_offsets` (process-wide) with one that reads each
partition's last batch itself: fetching from the reported offset - 1 returns that whole batch,
and its last record's offset + 1 is the true end.

No longer needed when Tansu reports true end offsets: tests/integration/test_tansu_compat.py then
fails; tests/unit/test_framework_fixes_tansu_end_offsets.py checks the patch point in aiokafka.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from citycomm_common.framework_fixes import private_attributes

log = logging.getLogger(__name__)
_original_end_offsets = AIOKafkaConsumer.end_offsets
FIRST_FETCH_DEADLINE = 30.0


async def true_end_offsets(connection: dict[str, Any], reported: dict[TopicPartition, int]
                           ) -> dict[TopicPartition, int]:
    """Correct reported end offsets by reading each partition's last batch."""
    needing = {tp: end for tp, end in reported.items() if end > 0}
    if not needing:
        return dict(reported)
    probe = AIOKafkaConsumer(**connection, group_id=None,
                             enable_auto_commit=False, fetch_max_wait_ms=50)
    await probe.start()
    try:
        probe.assign(list(needing))
        corrected = dict(reported)
        for tp, end in needing.items():
            probe.seek(tp, end - 1)
            corrected[tp] = await _last_offset_after(probe, tp, end)
        return corrected
    finally:
        await probe.stop()


async def _last_offset_after(probe: AIOKafkaConsumer, tp: TopicPartition, reported_end: int,
                             deadline_seconds: float = FIRST_FETCH_DEADLINE) -> int:
    """The offset after the last record of the batch that holds `reported_end - 1`.

    That record exists (the broker just reported it), so an empty fetch before it arrives means
    "slow", not "the end": on a busy machine the probe's first fetch can take seconds, and giving
    up after one short fetch kept the wrong offset and lost the last table updates. Once the
    batch has arrived, an empty fetch does mean the end.
    """
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline_seconds
    end, seen = reported_end, False
    while True:
        batch = (await probe.getmany(tp, timeout_ms=200)).get(tp, [])
        if batch:
            seen, end = True, max(end, batch[-1].offset + 1)
        elif seen:
            return end
        elif loop.time() > give_up:
            raise TimeoutError(f"tansu compat: no record at {tp} offset {reported_end - 1} "
                               f"after {deadline_seconds:.0f}s; cannot correct its end offset")


async def _corrected_end_offsets(self: AIOKafkaConsumer, partitions: Iterable[TopicPartition]
                                 ) -> dict[TopicPartition, int]:
    reported = await _original_end_offsets(self, partitions)
    corrected = await true_end_offsets(private_attributes.connection(self), reported)
    if corrected != reported:
        log.debug("tansu compat: end offsets %s corrected to %s", reported, corrected)
    return corrected


def install() -> None:
    """Route every aiokafka end_offsets call (faust's table recovery uses them) through the fix."""
    AIOKafkaConsumer.end_offsets = _corrected_end_offsets
