"""Routing as a real process: directory changes reach every view at run time; state survives a restart."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.kafka import producer_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.support.polling import async_wait_for


def settings(config: StackConfig) -> CommonSettings:
    return CommonSettings(kafka_bootstrap_servers=config.bootstrap, kafka_compat="tansu")


async def send_commands(config: StackConfig, *commands: Message) -> None:
    producer = AIOKafkaProducer(**producer_options(settings(config), "test-routing-live"))
    await producer.start()
    try:
        for command in commands:
            record = codec.encode(command, source="/test", subject=command.inquiry_id)  # type: ignore[attr-defined]
            await producer.send_and_wait(INQUIRY_COMMANDS.name, key=record.key, value=record.value,
                                         headers=record.headers)
    finally:
        await producer.stop()


async def event_of(config: StackConfig, inquiry_id: str, wanted: Callable[[Message], bool],
                   within: float = 60) -> Message:
    """The first event on inquiry.events about `inquiry_id` that `wanted` accepts."""
    consumer = AIOKafkaConsumer(bootstrap_servers=config.bootstrap, group_id=None,
                                enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(INQUIRY_EVENTS.name, p)
                 for p in sorted(consumer.partitions_for_topic(INQUIRY_EVENTS.name) or [])]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    if record.key != inquiry_id.encode():
                        continue
                    message = codec.decode(record.value, record.headers).message
                    if wanted(message):
                        return message
        raise AssertionError(f"no wanted event for {inquiry_id} within {within}s")
    finally:
        await consumer.stop()


async def test_a_directory_change_at_run_time_reaches_a_directory_view(
        stack: Stack, stack_config: StackConfig) -> None:
    view = DirectoryView(settings(stack_config), client_id="test-directory-view")
    await view.start()
    try:
        await asyncio.wait_for(view.wait_loaded(), 30)
        operator = {"Authorization": f"Bearer {stack_config.operator_token}"}
        url = (f"http://127.0.0.1:{stack_config.ports.routing_http}"
               "/v1/directory/agencies/so-du-lich/endpoints/press-office")
        endpoint = {"id": "press-office", "url": "https://so-du-lich.example.vn/hooks",
                    "secret_refs": ["env:SO_DU_LICH_WEBHOOK_SECRET"]}
        async with httpx.AsyncClient(timeout=10, headers=operator) as client:
            response = await client.put(url, json=endpoint)
        assert response.status_code == 200, response.text

        async def seen() -> bool:
            return any(e.id == "press-office" for e in view.current.get("so-du-lich").endpoints)

        await async_wait_for(seen, 20, "the new endpoint in the directory view")
        assert view.records["so-du-lich"].origin == "operator"
        # leave the session's network as it was
        async with httpx.AsyncClient(timeout=10, headers=operator) as client:
            assert (await client.delete(url)).status_code == 200
    finally:
        await view.stop()


def _assigned(message: Message) -> bool:
    return isinstance(message, events_pb2.InquiryAssigned)


async def test_lifecycle_state_survives_a_routing_restart(stack: Stack,
                                                          stack_config: StackConfig) -> None:
    inquiry_id = str(uuid.uuid4())
    submit = commands_pb2.SubmitInquiry(
        command_id=str(uuid.uuid4()), inquiry_id=inquiry_id, tracking_code="TEST-LIVE-0001",
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, received_at=datetime.now(UTC).isoformat(),
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_CITIZEN), channel="test",
        title="Karaoke", description="ồn ào", category="noise", ward_code="26740")
    await send_commands(stack_config, submit)
    assigned = await event_of(stack_config, inquiry_id, _assigned)
    assert assigned.agency_id == "ubnd-26740"  # type: ignore[attr-defined]

    routing = stack["routing"]
    assert routing.terminate() == 0
    routing.start().wait_ready()

    acknowledge = commands_pb2.AcknowledgeInquiry(
        command_id=str(uuid.uuid4()), inquiry_id=inquiry_id, issued_at=datetime.now(UTC).isoformat(),
        actor=common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id="ubnd-26740"))
    await send_commands(stack_config, acknowledge)
    outcome = await event_of(stack_config, inquiry_id,
                             lambda m: getattr(m, "command_id", "") == acknowledge.command_id)
    assert isinstance(outcome, events_pb2.InquiryAcknowledged), outcome
