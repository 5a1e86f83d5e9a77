"""The embedded broker's end offsets are wrong for batched writes; the compat layer corrects them."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from citycomm_common.framework_fixes import tansu_end_offsets
from citycomm_common.framework_fixes.tansu_end_offsets import true_end_offsets
from citycomm_common.topics import TopicSpec
from citycomm_dev.broker import EmbeddedBroker, ensure_topics

RECORDS = 1000


async def test_true_end_offsets_count_every_record_of_the_last_batch(broker: EmbeddedBroker) -> None:
    topic = f"compat.{uuid.uuid4().hex[:8]}"
    ensure_topics(broker.bootstrap, 1, [TopicSpec(topic)])
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=50, max_batch_size=65536)
    await producer.start()
    try:
        for i in range(RECORDS):
            await producer.send(topic, value=b"x" * 100, key=str(i).encode())
        await producer.flush()
    finally:
        await producer.stop()
    tp = TopicPartition(topic, 0)
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None)
    await consumer.start()
    try:
        reported = await tansu_end_offsets._original_end_offsets(consumer, [tp])  # the broker's own answer
    finally:
        await consumer.stop()
    corrected = await true_end_offsets({"bootstrap_servers": broker.bootstrap}, dict(reported))
    assert reported[tp] < RECORDS, "Tansu now reports true end offsets: the compat layer can go"
    assert corrected[tp] == RECORDS
