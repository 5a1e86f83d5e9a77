"""Records commands on inquiry.commands; success means the broker acknowledged them (acks=all)."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from google.protobuf.message import Message

from citycomm_common import codec
from citycomm_common.topics import INQUIRY_COMMANDS
from citycomm_common.tracing import sending
from citycomm_intake.service_layer.ports import BrokerUnavailable

SOURCE = "/citycomm/intake"


class CommandPublisher:
    def __init__(self, producer: AIOKafkaProducer, timeout: float) -> None:
        self._producer = producer
        self._timeout = timeout

    async def start(self) -> None:
        await self._producer.start()

    async def publish(self, command: Message) -> None:
        """Any command of commands.proto, keyed by its inquiry id, or of consultations.proto, keyed by
        its consultation id (decision 0113); its command id as ce_id."""
        inquiry: str = getattr(command, "inquiry_id", "") or getattr(command, "consultation_id", "")
        with sending(INQUIRY_COMMANDS.name, inquiry):
            record = codec.encode(command, source=SOURCE, subject=inquiry, event_id=command.command_id)  # type: ignore[attr-defined]
            try:
                # asyncio.timeout, not wait_for: no extra task per request.
                async with asyncio.timeout(self._timeout):
                    await self._producer.send_and_wait(
                        INQUIRY_COMMANDS.name, key=record.key, value=record.value, headers=record.headers
                    )
            except (TimeoutError, KafkaError) as exc:
                raise BrokerUnavailable(str(exc) or type(exc).__name__) from exc

    async def close(self) -> None:
        await self._producer.stop()
