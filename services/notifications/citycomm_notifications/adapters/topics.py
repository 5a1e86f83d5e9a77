"""The topics notifications writes, as the callables the use cases publish through."""

from __future__ import annotations

import faust
from google.protobuf.message import Message

from citycomm.v1.notifications_pb2 import AgencyItem
from citycomm_common.contracts import serialize
from citycomm_common.streams import send
from citycomm_notifications.service_layer.ports import Mirror, Publish

SOURCE = "/citycomm/notifications"


def publisher(topic: faust.TopicT) -> Publish:
    """CloudEvents records on `topic` (notification.events), ids given by the use case."""

    async def publish(message: Message, subject: str, event_id: str) -> None:
        await send(topic, message, source=SOURCE, subject=subject, event_id=event_id)

    return publish


def mirror_to(topic: faust.TopicT) -> Mirror:
    """Each AgencyItem keyed by its agency, so one partition holds all of an agency's clocks."""

    async def mirror(item: AgencyItem) -> None:
        await topic.send(key=item.agency_id.encode(), value=serialize(item))

    return mirror
