"""Workaround for the embedded broker's wrong end offsets; active only with CITYCOMM_KAFKA_COMPAT=tansu.

Tansu answers ListOffsets "latest" with the start of the last stored batch + 1, not the true end
(docs/embedded-broker.md). faust reads end offsets to know when a table's changelog is recovered, so
without this it stops early and loses the last updates. The fix reads the last batch itself:
fetching from the reported offset - 1 returns that whole batch, and its last record's offset + 1
is the true end. Apache Kafka answers correctly, so production never installs this.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

log = logging.getLogger(__name__)
_original_end_offsets = AIOKafkaConsumer.end_offsets
FIRST_FETCH_DEADLINE = 30.0


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
    corrected = await true_end_offsets(self._client._bootstrap_servers, reported)
    if corrected != reported:
        log.debug("tansu compat: end offsets %s corrected to %s", reported, corrected)
    return corrected


def install() -> None:
    """Route every aiokafka end_offsets call (faust's table recovery uses them) through the fix."""
    AIOKafkaConsumer.end_offsets = _corrected_end_offsets  # type: ignore[method-assign]
