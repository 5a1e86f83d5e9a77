"""faust helpers the stream services share: traced sends, decoding, dead letters."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import faust
from google.protobuf.message import Message

from citycomm_common import codec
from citycomm_common.metrics import DEAD_LETTERED_RECORDS, PROCESSING
from citycomm_common.topics import DEAD_LETTERS, TopicSpec
from citycomm_common.tracing import processing, sending

log = logging.getLogger(__name__)


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


async def dead_letter(app: faust.App, event: faust.EventT, reason: str) -> None:
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

    event: faust.EventT
    envelope: codec.Envelope


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
