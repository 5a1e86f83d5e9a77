"""What a broker holds, for the failure messages of tests that lose something."""

from __future__ import annotations

from collections.abc import Iterable

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord


def records_on(bootstrap: str, topics: Iterable[str], idle_ms: int = 3000) -> list[ConsumerRecord]:
    """Every record now on `topics`, from the start of each partition (done after `idle_ms` of none)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=idle_ms)
    try:
        consumer.assign([TopicPartition(topic, partition) for topic in topics
                         for partition in consumer.partitions_for_topic(topic) or ()])
        return list(consumer)
    finally:
        consumer.close()
