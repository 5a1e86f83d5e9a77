"""The projection's batches: what is ready is taken together, and acked only once handled.

faust commits an offset only when its record is acked (and every record before it), so "acked
only after the batch was written" is what keeps a failed batch's offsets uncommitted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from citycomm.v1 import events_pb2
from citycomm_common import codec
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.contracts import to_timestamp
from citycomm_common.streams import delivery_batches
from citycomm_reporting.adapters.store import ReadModel, create_engine
from citycomm_reporting.service_layer.projection import Projection, ReadModelUnreachable


@dataclass
class Message:
    topic: str
    offset: int


@dataclass
class Event:
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]
    message: Message


@dataclass
class FakeStream:
    """What delivery_batches uses of a faust stream: events(), ack(), enable_acks."""

    arrivals: asyncio.Queue[Event | None] = field(default_factory=asyncio.Queue)
    acked: list[int] = field(default_factory=list)
    enable_acks: bool = True

    async def events(self) -> AsyncIterator[Event]:
        while (event := await self.arrivals.get()) is not None:
            yield event

    async def ack(self, event: Event) -> bool:
        self.acked.append(event.message.offset)
        return True

    def send(self, *offsets: int) -> None:
        for offset in offsets:
            message = events_pb2.InquiryAcknowledged(inquiry_id=f"i{offset}", agency_id="a",
                                                     acknowledged_time=to_timestamp(datetime.now(UTC)))
            record = codec.encode(message, source="/test", subject=f"i{offset}")
            self.arrivals.put_nowait(Event(record.key, record.value, list(record.headers),
                                           Message("inquiry.events", offset)))


async def test_what_is_ready_is_one_batch_and_is_acked_after_it_is_handled() -> None:
    stream = FakeStream()
    stream.send(0, 1, 2)
    seen: list[list[int]] = []
    batches = delivery_batches(None, stream, group="g", max_records=2)  # type: ignore[arg-type]
    async for batch in batches:
        seen.append([d.event.message.offset for d in batch])
        assert stream.enable_acks is False  # faust must not ack on its own
        assert stream.acked == [o for b in seen[:-1] for o in b]  # this batch not yet
        if len(seen) == 2:
            stream.send(3)
        if len(seen) == 3:
            break
    assert seen == [[0, 1], [2], [3]]
    assert stream.acked == [0, 1, 2]  # the last batch was never handed back: not acked
    await batches.aclose()


async def test_a_lingering_batch_takes_what_arrives_meanwhile_and_goes_when_full() -> None:
    stream = FakeStream()
    stream.send(0)
    loop = asyncio.get_running_loop()
    loop.call_later(0.05, stream.send, 1)
    loop.call_later(0.1, stream.send, 2, 3)
    batches = delivery_batches(None, stream, group="g", max_records=3, linger=30)  # type: ignore[arg-type]
    async with asyncio.timeout(10):  # full at three: it does not wait out the 30 s
        first = await anext(batches)
    assert [d.event.message.offset for d in first] == [0, 1, 2]
    await batches.aclose()


async def test_a_lingering_batch_that_is_not_full_goes_when_the_linger_ends() -> None:
    stream = FakeStream()
    stream.send(0, 1)
    batches = delivery_batches(None, stream, group="g", max_records=100, linger=0.05)  # type: ignore[arg-type]
    async with asyncio.timeout(10):
        first = await anext(batches)
        assert [d.event.message.offset for d in first] == [0, 1]
        stream.send(2)
        second = await anext(batches)
    assert [d.event.message.offset for d in second] == [2]
    assert stream.acked == [0, 1]  # nothing taken by a linger is lost or acked early
    await batches.aclose()


async def test_a_batch_whose_handling_fails_is_never_acked() -> None:
    stream = FakeStream()
    stream.send(0, 1)
    batches = delivery_batches(None, stream, group="g", max_records=10)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        async for _ in batches:
            stream.send(2)
            raise RuntimeError("database down")
    await batches.aclose()  # as faust's Stream.on_stop does
    assert stream.acked == []


class DownModel(ReadModel):
    """A read model whose database does not answer."""

    def __init__(self) -> None:
        super().__init__(create_engine("sqlite+aiosqlite:///:memory:"), WorkingCalendar())
        self.attempts = 0

    async def apply_batch(self, facts: Any) -> list[Any]:
        self.attempts += 1
        raise OperationalError("INSERT", {}, Exception("connection refused"))


async def test_a_database_that_stays_down_is_retried_then_raises() -> None:
    model = DownModel()
    projection = Projection(model, migrate=True, pauses=(0.0, 0.0))
    stream = FakeStream()
    stream.send(0)
    with pytest.raises(ReadModelUnreachable) as raised:
        async for batch in delivery_batches(None, stream, group="g"):  # type: ignore[arg-type]
            await projection.apply([delivery.envelope for delivery in batch])
    assert isinstance(raised.value.__cause__, OperationalError)
    assert model.attempts == 3 and stream.acked == []
    await model.engine.dispose()


class BlinkingModel(ReadModel):
    """Refuses the first connections the way asyncpg does (an OSError SQLAlchemy does not wrap)."""

    def __init__(self, failures: int) -> None:
        super().__init__(create_engine("sqlite+aiosqlite:///:memory:"), WorkingCalendar())
        self.failures, self.applied = failures, 0

    async def apply_batch(self, facts: Any) -> list[Any]:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("unexpected connection_lost() call")
        self.applied += len(facts)
        return list(facts)


async def test_a_connection_lost_while_connecting_is_retried() -> None:
    model = BlinkingModel(failures=2)
    projection = Projection(model, migrate=True, pauses=(0.0, 0.0, 0.0))
    stream = FakeStream()
    stream.send(0, 1)
    async for batch in delivery_batches(None, stream, group="g"):  # type: ignore[arg-type]
        await projection.apply([delivery.envelope for delivery in batch])
        break
    assert model.applied == 2
    await model.engine.dispose()
