"""Intake against the real embedded broker: a 202 means the command is on inquiry.commands, and while
the broker is down intake answers 503 with Retry-After and the key to retry with; the retry with it
is the same command (the timed-out first attempt may land too), never a second inquiry."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from fastapi.testclient import TestClient

from citycomm.v1 import commands_pb2
from citycomm_common import codec
from citycomm_common.topics import INQUIRY_COMMANDS
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings

pytestmark = pytest.mark.broker
FEEDBACK = {
    "kind": "citizen_feedback",
    "category": "noise",
    "ward": "26740",
    "title": "Karaoke",
    "description": "Hát karaoke sau 22 giờ",
}


@pytest.fixture
def client(broker: EmbeddedBroker, tmp_path: Path) -> Iterator[TestClient]:
    settings = IntakeSettings(
        kafka_bootstrap_servers=broker.bootstrap,
        kafka_compat="tansu",
        produce_timeout=2.0,
        grpc_port=free_port(),
        api_keys_database_url=f"sqlite+aiosqlite:///{tmp_path / 'k.db'}",
        reporting_grpc_target=f"127.0.0.1:{free_port()}",
    )
    with TestClient(create_app(settings)) as test_client:
        wait_for(lambda: test_client.get("/readyz").status_code == 200, 30, "intake to be ready")
        yield test_client


def commands_for(bootstrap: str, inquiry_id: str) -> list[commands_pb2.SubmitInquiry]:
    """Every SubmitInquiry on inquiry.commands for this inquiry (read from the beginning)."""

    async def read() -> list[Any]:
        consumer = AIOKafkaConsumer(
            INQUIRY_COMMANDS.name,
            bootstrap_servers=bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            found = []
            batches = await consumer.getmany(timeout_ms=2000)
            while batches:
                for records in batches.values():
                    for record in records:
                        if record.key == inquiry_id.encode():
                            found.append(codec.decode(record.value, record.headers).message)
                batches = await consumer.getmany(timeout_ms=500)
            return found
        finally:
            await consumer.stop()

    return asyncio.run(read())


def submit(client: TestClient, key: str) -> httpx.Response:
    return client.post("/v1/inquiries", json=FEEDBACK, headers={"Idempotency-Key": key})


def test_an_accepted_submission_is_on_the_commands_topic(client: TestClient, broker: EmbeddedBroker) -> None:
    response = submit(client, str(uuid.uuid4()))
    assert response.status_code == 202, response.text
    inquiry_id = response.json()["inquiry_id"]
    [command] = wait_for(lambda: commands_for(broker.bootstrap, inquiry_id), 30, "the command on the topic")
    assert command.tracking_code == response.json()["tracking_code"] and command.ward_code == "26740"
    assert command.command_id == response.json()["command_id"]


def test_broker_down_is_503_and_the_retry_is_recorded_once(
    client: TestClient, broker: EmbeddedBroker
) -> None:
    key = str(uuid.uuid4())
    broker.pause()
    try:
        refused = submit(client, key)
        assert refused.status_code == 503, refused.text
        assert (
            refused.headers["Retry-After"] and refused.headers["content-type"] == "application/problem+json"
        )
        assert refused.json()["idempotency_key"] == key
        wait_for(lambda: client.get("/readyz").status_code == 503, 30, "readiness to follow the broker")
    finally:
        broker.resume()
    wait_for(lambda: client.get("/readyz").status_code == 200, 60, "readiness to come back")
    retried = wait_for(
        lambda: (r := submit(client, key)).status_code == 202 and r, 60, "the retry to be accepted"
    )
    inquiry_id = retried.json()["inquiry_id"]
    commands = wait_for(lambda: commands_for(broker.bootstrap, inquiry_id), 30, "the command on the topic")
    # The timed-out first attempt may still have landed (the producer retries): then both records
    # carry the same command id and routing applies it once. Never two different inquiries.
    assert {c.command_id for c in commands} == {retried.json()["command_id"]}
    assert client.get("/readyz").json()["checks"] == {
        "broker": True, "database": True, "grpc": True, "directory_loaded": True}
