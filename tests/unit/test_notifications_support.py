"""Builders for notifications' unit tests (no tests here): lifecycle envelopes, escalator on memory stores."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock, EndpointStatus, WebhookDelivery
from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import FakeClock
from citycomm_common.codec import Envelope, rfc3339, type_of
from citycomm_common.directory import Directory, load_directory
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.stores import MemoryStore
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.delivery import Dispatcher
from citycomm_notifications.domain.ladder import Ladder, load_ladder
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.escalation import Escalator, LocalMirror
from tests.conftest import CONFIG_DIR


@cache
def calendar() -> WorkingCalendar:
    return load_calendar(CONFIG_DIR / "calendar.yaml")


@cache
def ladder() -> Ladder:
    return load_ladder(CONFIG_DIR / "escalation-ladder.yaml", CONFIG_DIR / "deadline-policies.yaml")


@cache
def directory() -> Directory:
    return load_directory(CONFIG_DIR / "directory.yaml")


def envelope(message: Message, inquiry_id: str, event_id: str | None = None) -> Envelope:
    return Envelope(id=event_id or str(uuid.uuid4()), type=type_of(message), source="/test",
                    subject=inquiry_id, time=datetime.now().astimezone(), message=message, headers={})


def assigned(inquiry_id: str, agency_id: str, at: datetime, due: datetime,
             kind: int = common_pb2.INQUIRY_KIND_PRESS_REQUEST) -> events_pb2.InquiryAssigned:
    return events_pb2.InquiryAssigned(
        inquiry_id=inquiry_id, agency_id=agency_id, kind=kind, assigned_at=rfc3339(at),
        deadline=common_pb2.Deadline(policy_id="test-policy", due_at=due.isoformat()),
        tracking_code="TC-1", title="Hỏi về dự án")


@dataclass
class Harness:
    clock: FakeClock
    published: list[tuple[Message, str, str]] = field(default_factory=list)
    clocks: MemoryStore[DeadlineClock] = field(default_factory=lambda: MemoryStore(DeadlineClock))
    deliveries: MemoryStore[WebhookDelivery] = field(default_factory=lambda: MemoryStore(WebhookDelivery))
    endpoints: MemoryStore[EndpointStatus] = field(default_factory=lambda: MemoryStore(EndpointStatus))
    items: MemoryStore[DeadlineClock] = field(default_factory=lambda: MemoryStore(DeadlineClock))

    async def publish(self, message: Message, subject: str, event_id: str) -> None:
        self.published.append((message, subject, event_id))

    def dispatcher(self, **options: Any) -> Dispatcher:
        return Dispatcher(self.deliveries, self.endpoints, directory, SecretStore(None),
                          WebhookClient(1.0, 1.0), EgressPolicy(("*",), True), self.clock,
                          RetryPolicy(), self.publish, rng=random.Random(1), **options)

    def escalator(self) -> Escalator:
        return Escalator(self.clocks, self.dispatcher(), ladder(), calendar(), directory, self.clock,
                         self.publish, self.items, LocalMirror(self.items))

    def notices(self) -> list[events_pb2.NoticeSent]:
        return [m for m, _, _ in self.published if isinstance(m, events_pb2.NoticeSent)]
