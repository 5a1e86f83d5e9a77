"""A poison record on any topic is parked on the dead-letter topic with its reason; work goes on."""

from __future__ import annotations

import uuid

import httpx
import pytest
from kafka import KafkaConsumer, KafkaProducer

from citycomm_common.topics import DEAD_LETTERS, INQUIRY_COMMANDS, INQUIRY_EVENTS, NOTIFICATION_EVENTS
from citycomm_dev.broker import EmbeddedBroker
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver

BASE = [("ce_specversion", b"1.0"), ("content-type", b"application/protobuf"), ("ce_source", b"/test"),
        ("ce_time", b"2026-11-26T00:00:00Z")]
POISONS = {
    "undecodable": (b"\xff\x00garbage", [*BASE, ("ce_type", b"citycomm.v1.InquiryAssigned")]),
    "unknown-type": (b"", [*BASE, ("ce_type", b"citycomm.v1.NoSuchThing")]),
    "future-version": (b"", [*BASE, ("ce_type", b"citycomm.v2.InquiryAssigned")]),
    "no-headers": (b"hello", []),
}


@pytest.mark.parametrize("topic", [INQUIRY_COMMANDS.name, INQUIRY_EVENTS.name, NOTIFICATION_EVENTS.name])
def test_poison_records_are_dead_lettered_and_the_pipeline_keeps_flowing(
        topic: str, stack: Stack, stack_config: StackConfig, broker: EmbeddedBroker,
        receiver: Receiver) -> None:
    run = uuid.uuid4().hex
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    for name, (value, headers) in POISONS.items():
        producer.send(topic, key=f"{run}-{name}".encode(), value=value,
                      headers=[*headers, ("ce_id", f"{run}-{name}".encode())])
    producer.flush()
    producer.close()

    consumer = KafkaConsumer(DEAD_LETTERS.name, bootstrap_servers=broker.bootstrap,
                             auto_offset_reset="earliest", consumer_timeout_ms=500)
    parked: dict[str, dict[str, bytes]] = {}

    def all_parked() -> bool:
        for record in consumer:
            key = (record.key or b"").decode()
            if key.startswith(run):
                parked.setdefault(key, {}).update(dict(record.headers))
        return len(parked) >= len(POISONS)

    try:
        wait_for(all_parked, 45, f"{len(POISONS)} poison records from {topic} on the dead-letter topic")
    finally:
        consumer.close()
    for key, headers in parked.items():
        assert headers["dlq_topic"].decode() == topic
        assert headers["dlq_reason"], f"{key} has no reason"

    response = httpx.post(f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/feedback", timeout=10,
                          json={"category": "noise", "ward": "26740", "title": "after poison",
                                "description": run})
    inquiry_id = response.json()["inquiry_id"]
    wait_for(lambda: [r for r in receiver.received() if inquiry_id.encode() in r["body"]], 30,
             "a normal inquiry to flow after the poison")
