"""Canaries for the embedded broker's defects that docs/embedded-broker.md lists (the end-offset one
is in test_tansu_compat.py): each fails the day Tansu behaves like Apache Kafka, so the workaround
and the page can be revisited, and each checks the workaround the project relies on."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError
from kafka import KafkaConsumer, KafkaProducer

from citycomm_common.kafka import producer_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import ALL_TOPICS, TopicSpec
from citycomm_dev.broker import EmbeddedBroker, ensure_topics

pytestmark = pytest.mark.broker


def _topic(broker: EmbeddedBroker, prefix: str) -> str:
    name = f"{prefix}.{uuid.uuid4().hex[:8]}"
    ensure_topics(broker.bootstrap, 1, [TopicSpec(name)])
    return name


async def test_aiokafka_idempotent_producer_cannot_start_so_compat_turns_it_off(
    broker: EmbeddedBroker,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, enable_idempotence=True)
    with pytest.raises(KafkaError):  # InitProducerId v0 is refused
        try:
            await asyncio.wait_for(producer.start(), 20)
        finally:
            await producer.stop()
    tansu = CommonSettings(kafka_bootstrap_servers=broker.bootstrap, kafka_compat="tansu")
    assert producer_options(tansu, "t")["enable_idempotence"] is False
    assert producer_options(CommonSettings(kafka_compat="none"), "t")["enable_idempotence"] is True


def test_read_committed_consumers_see_aborted_records(broker: EmbeddedBroker) -> None:
    """Exactly-once cannot be verified here: the project relies on idempotent effects instead."""
    topic = _topic(broker, "aborted")
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=f"tx-{uuid.uuid4().hex}")
    producer.init_transactions()
    for value, commit in ((b"aborted", False), (b"committed", True)):
        producer.begin_transaction()
        producer.send(topic, value)
        producer.flush()
        producer.commit_transaction() if commit else producer.abort_transaction()
    producer.close()
    consumer = KafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id=None,
                             auto_offset_reset="earliest", isolation_level="read_committed",
                             consumer_timeout_ms=3000)
    try:
        assert [r.value for r in consumer] == [b"aborted", b"committed"]
    finally:
        consumer.close()


async def test_a_fetch_past_the_end_is_empty_and_no_error(broker: EmbeddedBroker) -> None:
    topic = _topic(broker, "past-end")
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"only")
    finally:
        await producer.stop()
    tp = TopicPartition(topic, 0)
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, auto_offset_reset="none")
    await consumer.start()
    try:
        consumer.assign([tp])
        consumer.seek(tp, 1000)  # Apache Kafka answers OFFSET_OUT_OF_RANGE, raised with reset "none"
        assert await consumer.getmany(tp, timeout_ms=1000) == {}
    finally:
        await consumer.stop()


def test_auto_created_topics_get_4_partitions_so_every_topic_is_created_explicitly(
    broker: EmbeddedBroker,
) -> None:
    auto = f"auto.{uuid.uuid4().hex[:8]}"
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
    producer.send(auto, b"x").get(10)
    producer.close()
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap)
    try:
        assert len(consumer.partitions_for_topic(auto) or ()) == 4
        for spec in ALL_TOPICS:  # EmbeddedBroker.start created them with their own counts
            assert len(consumer.partitions_for_topic(spec.name) or ()) == (spec.partitions or 3), spec.name
    finally:
        consumer.close()


async def test_a_waiting_fetch_is_answered_only_when_its_wait_ends(broker: EmbeddedBroker) -> None:
    """Apache Kafka answers a waiting fetch as soon as a record arrives; Tansu lets the wait run out,
    so a hop costs about half the fetch wait (stream workers wait 100 ms here: tansu_fetch_wait)."""
    topic = _topic(broker, "waiting")
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=0)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id=None,
                                auto_offset_reset="latest", fetch_max_wait_ms=2000)
    await asyncio.gather(producer.start(), consumer.start())
    loop = asyncio.get_running_loop()
    try:
        await consumer.seek_to_end()
        latencies = []
        for pause in (0.1, 0.3, 0.2):
            reading = asyncio.ensure_future(consumer.getone())
            await asyncio.sleep(pause)  # a fetch is waiting on the empty partition by now
            sent = loop.time()
            await producer.send_and_wait(topic, b"x")
            await asyncio.wait_for(reading, 10)
            latencies.append(loop.time() - sent)
        # On Kafka each would be a few ms; here each record waits for the rest of a 2 s wait.
        assert min(latencies) > 0.5, latencies
    finally:
        await asyncio.gather(producer.stop(), consumer.stop())
