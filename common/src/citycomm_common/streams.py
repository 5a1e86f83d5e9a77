"""faust helpers the stream services share: traced sends, decoding, dead letters, typed timers and tasks."""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import faust
from faust import streams as faust_streams
from google.protobuf.message import Message
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from citycomm_common import codec
from citycomm_common.metrics import DEAD_LETTERED_RECORDS, PROCESSING
from citycomm_common.topics import DEAD_LETTERS, TopicSpec
from citycomm_common.tracing import processing, sending, tracer

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


def raw_topic(app: faust.App, spec: TopicSpec) -> faust.TopicT:
    """A topic of CloudEvents records: bytes in, bytes out; the codec does the rest."""
    return app.topic(
        spec.name,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=spec.partitions,
    )


async def send(topic: faust.TopicT, message: Message, *, source: str, subject: str,
               event_id: str | None = None) -> None:
    with sending(topic.get_topic_name(), subject):
        record = codec.encode(message, source=source, subject=subject, event_id=event_id)
        await topic.send(key=record.key, value=record.value, headers=record.headers)


async def send_serialized(topic: faust.TopicT, payload: bytes, type_name: str, *, source: str,
                          subject: str, event_id: str) -> Awaitable[Any]:
    """`send` for an event already serialized (routing keeps each decision's events as bytes),
    handed straight to the app's producer (a raw topic needs none of faust's per-message work);
    returns the broker's acknowledgement to await, which fails if the record could not be sent."""
    name = topic.get_topic_name()
    with sending(name, subject):
        record = codec.frame(payload, type_name, source=source, subject=subject, event_id=event_id)
        return await topic.app.producer.send(name, record.key, record.value, None, None, record.headers)


async def dead_letter(app: faust.App, event: faust.EventT[bytes], reason: str) -> None:
    """Park a record we cannot handle, with where it came from and why."""
    origin = event.message
    headers = list(codec.header_map(event.headers).items()) + [
        ("dlq_reason", reason.encode()),
        ("dlq_topic", origin.topic.encode()),
        ("dlq_partition", str(origin.partition).encode()),
        ("dlq_offset", str(origin.offset).encode()),
    ]
    log.warning("dead-lettered %s[%s]@%s: %s", origin.topic, origin.partition, origin.offset, reason)
    await app.topic(DEAD_LETTERS.name, key_serializer="raw", value_serializer="raw").send(
        key=event.key, value=event.value, headers=headers
    )


@dataclass
class Delivery:
    """One decoded record, handled inside its `process` span."""

    event: faust.EventT[bytes]
    envelope: codec.Envelope
    span: Span | None = None  # in `delivery_batches`: its `process` span, to make current while handling it


async def envelopes(app: faust.App, stream: Any, group: str) -> AsyncIterator[Delivery]:
    """Decode each record of a stream; undecodable ones go to the dead-letter topic."""
    async for event in stream.events():
        topic = event.message.topic
        try:
            envelope = codec.decode(event.value, event.headers)
        except codec.UndecodableRecord as exc:
            DEAD_LETTERED_RECORDS.labels(topic).inc()
            await dead_letter(app, event, str(exc))
            continue
        with processing(topic, envelope.headers, subject=envelope.subject, consumer_group=group), \
                PROCESSING.labels(topic).time():
            yield Delivery(event, envelope)


async def delivery_batches(app: faust.App, stream: Any, group: str, *, max_records: int = 500,
                           linger: float = 0.0) -> AsyncIterator[list[Delivery]]:
    """Decoded records in batches of what the stream has ready (at most `max_records`). With
    `linger` (seconds), a batch that is not full waits that long after its first record for more,
    as a producer's linger.ms does: for a consumer whose cost is mostly per batch (one database
    transaction), fewer, fuller batches at the price of that much latency.

    A batch's records are acked only when the caller asks for the next batch, that is after it
    handled all of them; if the caller raises instead, none is acked and their offsets are never
    committed. (faust's `take()` acks its buffer in a `finally`, so a failed batch would be
    committed when the stream stops: not usable where an offset must follow the work.) Each
    record keeps its own `process <topic>` span, open while its batch is handled; undecodable
    records are dead-lettered as `envelopes` does.
    """
    stream.enable_acks = False  # read by faust's iterator on every record: we ack ourselves
    ready: asyncio.Queue[faust.EventT[bytes]] = asyncio.Queue(maxsize=max_records)
    reader = asyncio.ensure_future(_read_into(stream, ready))
    try:
        while events := await _next_batch(ready, reader, max_records, linger):
            deliveries = [d for d in [await _decoded(app, e) for e in events] if d is not None]
            if deliveries:
                started = time.perf_counter()
                with _batch_spans(deliveries, group):
                    yield deliveries
                _observe_per_record(deliveries, time.perf_counter() - started)
            for event in events:
                await stream.ack(event)
    finally:
        reader.cancel()


@contextmanager
def handling(delivery: Delivery) -> Iterator[None]:
    """Inside a batch of `delivery_batches`, this record is the one being handled: its `process`
    span is the current one (what is sent carries it) and it is faust's current event, so a table
    written here goes to this record's partition of the changelog, as in `envelopes`."""
    # faust keeps the current event in a context variable its stream iterator sets; the batch's
    # records were read by another task, so it is set here for each (faust has no public setter).
    token = faust_streams._current_event.set(weakref.ref(delivery.event))
    try:
        with trace.use_span(delivery.span, end_on_exit=False) if delivery.span else nullcontext():
            yield
    finally:
        faust_streams._current_event.reset(token)


def _observe_per_record(deliveries: list[Delivery], seconds: float) -> None:
    """A batch's handling time, shared among its records (the per-record processing series)."""
    for delivery in deliveries:
        PROCESSING.labels(delivery.event.message.topic).observe(seconds / len(deliveries))


async def _read_into(stream: Any, ready: asyncio.Queue[faust.EventT[bytes]]) -> None:
    async for event in stream.events():
        await ready.put(event)


async def _next_batch(ready: asyncio.Queue[faust.EventT[bytes]], reader: asyncio.Future[Any],
                      max_records: int, linger: float = 0.0) -> list[faust.EventT[bytes]]:
    """Wait for one record, then take whatever else is there within `linger`; [] when the stream ended."""
    if ready.empty():
        waiting: asyncio.Future[Any] = asyncio.ensure_future(ready.get())
        await asyncio.wait([waiting, reader], return_when=asyncio.FIRST_COMPLETED)
        if not waiting.done():
            waiting.cancel()
            reader.result()  # the reader's error, if it failed
            return []
        events = [waiting.result()]
    else:
        events = [ready.get_nowait()]
    loop = asyncio.get_running_loop()
    until = loop.time() + linger
    while len(events) < max_records:
        if not ready.empty():
            events.append(ready.get_nowait())
        elif (left := until - loop.time()) > 0 and not reader.done():
            getter: asyncio.Future[Any] = asyncio.ensure_future(ready.get())
            await asyncio.wait([getter, reader], timeout=left, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                getter.cancel()  # not yet taken from the queue: nothing is lost
                break
            events.append(getter.result())
        else:
            break
    return events


async def _decoded(app: faust.App, event: faust.EventT[bytes]) -> Delivery | None:
    try:
        return Delivery(event, codec.decode(event.value, event.headers))
    except codec.UndecodableRecord as exc:
        DEAD_LETTERED_RECORDS.labels(event.message.topic).inc()
        await dead_letter(app, event, str(exc))
        return None


@contextmanager
def _batch_spans(deliveries: list[Delivery], group: str) -> Iterator[None]:
    """One `process <topic>` span per record (not made current: they are siblings; each is on its
    Delivery for the caller to make current), ended together. The processing time is observed
    once per record, by `delivery_batches` (it was observed here a second time)."""
    spans = [_process_span(d, group) for d in deliveries]
    for delivery, span in zip(deliveries, spans, strict=True):
        delivery.span = span
    failed = True
    try:
        yield
        failed = False
    finally:
        for span in spans:
            if failed:
                span.set_status(Status(StatusCode.ERROR, "its batch was not handled"))
            span.end()


def _process_span(delivery: Delivery, group: str) -> Span:
    """The span `tracing.processing` opens, started without becoming the current one."""
    topic, envelope = delivery.event.message.topic, delivery.envelope
    carrier = {name: envelope.headers[name].decode(errors="replace")
               for name in ("traceparent", "tracestate") if name in envelope.headers}
    return tracer.start_span(f"process {topic}", context=propagate.extract(carrier), kind=SpanKind.CONSUMER,
                             attributes={"messaging.system": "kafka", "messaging.operation.type": "process",
                                         "messaging.destination.name": topic,
                                         "messaging.kafka.message.key": envelope.subject,
                                         "messaging.consumer.group.name": group})


def timer(app: faust.App, seconds: float, *, on_leader: bool = False) -> Callable[[Job], Job]:
    """`@app.timer(seconds, on_leader=...)` with types (faust's decorator has none): run the job every
    `seconds` once the worker is ready; with `on_leader`, on the group's leader only."""
    register = app.timer(seconds, on_leader=on_leader)

    def decorate(job: Job) -> Job:
        register(job)
        return job

    return decorate


def task(app: faust.App) -> Callable[[Job], Job]:
    """`@app.task` with types: run the job once, when the worker is ready (tables recovered)."""

    def decorate(job: Job) -> Job:
        app.task(job)
        return job

    return decorate
