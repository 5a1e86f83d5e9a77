"""After a rebalance, stream partitions without a committed offset start at their earliest record.

Upstream: faust-streaming 0.15.3 assigns partitions, lets aiokafka reset and *fetch* every one of
them while the tables recover, drops what it fetched for the paused stream partitions, then
`faust.transport.consumer.Consumer.perform_seek` "seeks stream partitions to committed offsets"
through aiokafka 0.14.0's `AIOKafkaConsumer.seek_to_committed`, which does nothing where no
offset (or offset 0) was committed.

What goes wrong for us: a worker killed before its first commit, or a group's first start while
records wait, skipped those records for good: seen as lost webhooks after a kill -9
(docs/decisions/0032). Broker-independent: Apache Kafka behaves the same.

The fix wraps the consumer's `perform_seek`: after faust's own seek, every assigned stream
partition (not a table changelog) without a committed offset is seeked to 0, a local seek with no
broker round trip. Offset 0 is "before the first record": where retention removed it, the broker
answers out of range and aiokafka resets to the earliest offset. With a
`consumer_auto_offset_reset` other than "earliest" it does nothing.

No longer needed when aiokafka's seek_to_committed seeks partitions without a commit to the reset
policy's position, or faust stops fetching before it seeks: the canary in
tests/unit/test_framework_fixes_start_uncommitted_at_earliest.py then fails.
"""

from __future__ import annotations

import logging
from typing import cast

import faust
from faust.transport.consumer import Consumer

from citycomm_common.framework_fixes.private_attributes import committed_offsets

log = logging.getLogger(__name__)


def install(app: faust.App) -> None:
    if app.conf.consumer_auto_offset_reset != "earliest":
        return
    consumer = cast(Consumer, app.consumer)
    seek_to_committed = consumer.perform_seek

    async def perform_seek() -> None:
        await seek_to_committed()  # faust's: seeks where an offset > 0 was committed, and notes it
        streams = {name for topic in app.topics for name in topic.topics} - set(app.tables.changelog_topics)
        committed = committed_offsets(consumer)  # filled just now, for partitions with a commit
        fresh = [tp for tp in consumer.assignment() if tp.topic in streams and not committed.get(tp)]
        for tp in fresh:
            await consumer.seek(tp, 0)  # a local seek: no request to the broker
        if fresh:
            log.info("no committed offset: reading %s from the start", sorted(map(str, fresh)))

    consumer.perform_seek = perform_seek  # type: ignore[method-assign]  # the fix: wraps faust's seek
