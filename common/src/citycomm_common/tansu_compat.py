"""Workaround for the embedded broker's wrong end offsets; active only with CITYCOMM_KAFKA_COMPAT=tansu.

Tansu answers ListOffsets "latest" with the start of the last stored batch + 1, not the true end
(broker-notes.md). faust reads end offsets to know when a table's changelog is recovered, so
without this it stops early and loses the last updates. The fix reads the last batch itself:
fetching from the reported offset - 1 returns that whole batch, and its last record's offset + 1
is the true end. Apache Kafka answers correctly, so production never installs this.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

log = logging.getLogger(__name__)
_original_end_offsets = AIOKafkaConsumer.end_offsets


async def true_end_offsets(bootstrap_servers: Any, reported: dict[TopicPartition, int]
                           ) -> dict[TopicPartition, int]:
    """Correct reported end offsets by reading each partition's last batch."""
    needing = {tp: end for tp, end in reported.items() if end > 0}
    if not needing:
        return dict(reported)
    probe = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=None,
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


async def _last_offset_after(probe: AIOKafkaConsumer, tp: TopicPartition, reported_end: int) -> int:
    end = reported_end
    for _ in range(50):  # a batch arrives in one or a few fetches; bounded so a bad answer cannot hang
        batch = (await probe.getmany(tp, timeout_ms=200)).get(tp, [])
        if not batch:
            return end
        end = max(end, batch[-1].offset + 1)
    return end


async def _corrected_end_offsets(self: AIOKafkaConsumer, partitions: Iterable[TopicPartition]
                                 ) -> dict[TopicPartition, int]:
    reported = await _original_end_offsets(self, partitions)
    corrected = await true_end_offsets(self._client._bootstrap_servers, reported)
    if corrected != reported:
        log.debug("tansu compat: end offsets %s corrected to %s", reported, corrected)
    return corrected


def install() -> None:
    """Route every aiokafka end_offsets call (faust's table recovery uses them) through the fix."""
    AIOKafkaConsumer.end_offsets = _corrected_end_offsets  # type: ignore[method-assign]
