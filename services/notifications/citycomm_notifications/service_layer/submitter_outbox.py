"""The messages to submitters as recorded (table notifications-submitter-messages), with an index
of the pending ones, so sending looks at what is due, not at every record kept until retention."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_common.clock import Clock
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_notifications.service_layer.ports import Store

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
SUPPRESSED = "suppressed"  # the address had opted out (or its channel is off): recorded, never sent


class SubmitterOutbox:
    def __init__(self, messages: Store[SubmitterMessage], clock: Clock) -> None:
        self._messages, self._clock = messages, clock
        self._due: dict[str, datetime] = {}  # pending: store key → next attempt
        self._seen: object = object()  # the store's generation the index was built at

    def get(self, key: str) -> SubmitterMessage | None:
        return self._messages.get(key)

    def put(self, key: str, message: SubmitterMessage) -> None:
        self._messages.put(key, message)
        if message.delivery_state == PENDING:
            self._due[key] = from_timestamp(message.next_attempt_time)
        else:
            self._due.pop(key, None)

    def due(self, now: datetime, busy: set[str]) -> list[tuple[str, SubmitterMessage]]:
        """Pending messages whose attempt has come, but those in `busy` (being sent)."""
        generation = self._messages.generation()
        if generation != self._seen:  # the worker's partitions changed: rebuild the index
            self._seen = generation
            self._due = {key: from_timestamp(m.next_attempt_time) for key, m in self._messages.items()
                         if m.delivery_state == PENDING}
        keys = [key for key, at in self._due.items() if at <= now and key not in busy]
        return [(key, m) for key in keys
                if (m := self._messages.get(key)) is not None and m.delivery_state == PENDING]

    def items(self) -> Iterator[tuple[str, SubmitterMessage]]:
        return self._messages.items()

    def forget(self, inquiry_ids: set[str]) -> None:
        """Every message of these inquiries goes (their retention period is over)."""
        for key, message in list(self._messages.items()):
            if message.inquiry_id in inquiry_ids:
                self._messages.delete(key)
                self._due.pop(key, None)

    def dead(self) -> list[SubmitterMessage]:
        """This worker's dead letters, oldest first."""
        return sorted((m for _, m in self._messages.items() if m.delivery_state == DEAD),
                      key=lambda m: (m.created_time.seconds, m.message_id))

    def replay(self, message_id: str) -> SubmitterMessage | None:
        """A dead letter back on the schedule from its start (None: no such dead letter here)."""
        found = next(((k, m) for k, m in self._messages.items()
                      if m.message_id == message_id and m.delivery_state == DEAD), None)
        if found is None:
            return None
        key, message = found
        message.delivery_state, message.attempts, message.error = PENDING, 0, ""
        message.next_attempt_time.CopyFrom(to_timestamp(self._clock.now()))
        self.put(key, message)
        return message
