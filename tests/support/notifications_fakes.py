"""Notifications on fakes: records in memory instead of faust tables, the mirror applied at once,
a worker alone in its group, the directory files as the live directory; `container()` builds
notifications' container on them, and `Harness` keeps what a test looks at. Also the config and
lifecycle envelopes the notifications tests share."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from typing import Any, Generic, TypeVar

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock, EndpointStatus, WebhookDelivery
from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import FakeClock
from citycomm_common.codec import Envelope, type_of
from citycomm_common.contracts import parse, serialize, to_timestamp
from citycomm_common.directory import Directory, load_directory
from citycomm_common.directory_feed import DirectoryNotLoaded, Listener
from citycomm_notifications import bootstrap
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.domain.escalation_ladder import Ladder, load_ladder
from citycomm_notifications.service_layer.digests import apply_item
from citycomm_notifications.service_layer.escalation import Escalator
from citycomm_notifications.service_layer.ports import Gathered, Publish, Store
from citycomm_notifications.settings import NotificationsSettings
from tests.conftest import CONFIG_DIR

M = TypeVar("M", bound=Message)


class MemoryStore(Generic[M]):
    """A dict of records, copied in and out like a real store would (adapters/records.py's bytes)."""

    def __init__(self, kind: type[M]) -> None:
        self._kind = kind
        self._data: dict[str, bytes] = {}

    def get(self, key: str) -> M | None:
        raw = self._data.get(key)
        return parse(self._kind, raw) if raw is not None else None

    def put(self, key: str, record: M) -> None:
        self._data[key] = serialize(record)

    def delete(self, key: str) -> None:
        self._data.pop(key, None)

    def raw(self, key: str) -> bytes:
        """The record's bytes, as another release would read them."""
        return self._data[key]

    def put_raw(self, key: str, raw: bytes) -> None:
        """A record as another release wrote it."""
        self._data[key] = raw

    def items(self) -> Iterator[tuple[str, M]]:
        for key, raw in list(self._data.items()):
            yield key, parse(self._kind, raw)

    def generation(self) -> object:
        return 0


class LocalMirror:
    """The agency-keyed mirror without a broker: every record applied at once, in one partition."""

    def __init__(self, items: Store[DeadlineClock]) -> None:
        self.items = items

    async def __call__(self, item: AgencyItem) -> None:
        apply_item(self.items, item, 0)


class NoPeers:
    """A worker alone in its group (one replica)."""

    async def ask(self, method: str, path: str, *, params: dict[str, str] | None = None,
                  body: Any = None) -> Gathered:
        return Gathered()

    async def close(self) -> None:
        return None


class LoadedDirectory:
    """The live directory of a test: `directory` (a test may replace it), read to its end unless
    `loaded` says otherwise."""

    def __init__(self, directory: Directory, loaded: bool = True) -> None:
        self.directory, self.loaded = directory, loaded

    @property
    def current(self) -> Directory:
        return self.directory

    def is_loaded(self) -> bool:
        return self.loaded

    def live(self) -> Directory:
        if not self.loaded:
            raise DirectoryNotLoaded("the test's directory is not loaded")
        return self.directory

    def on_change(self, listener: Listener) -> None:
        """Nothing tells: a test that replaces the directory knows it did."""

    async def wait_loaded(self) -> None:
        return None


@cache
def calendar() -> WorkingCalendar:
    return load_calendar(CONFIG_DIR / "calendar.yaml")


@cache
def ladder() -> Ladder:
    return load_ladder(CONFIG_DIR / "escalation-ladder.yaml", CONFIG_DIR / "deadline-policies.yaml")


@cache
def directory() -> Directory:
    return load_directory(CONFIG_DIR / "directory.yaml")


def dev_settings(**values: Any) -> NotificationsSettings:
    """Settings of a development run on the repository's config (`values` as the variables say)."""
    return NotificationsSettings(config_dir=CONFIG_DIR, **values)


@dataclass(frozen=True)
class MemoryWorker:
    """The stores and topics the faust app would give, in memory; what is published is kept."""

    published: list[tuple[Message, str, str]] = field(default_factory=list)
    clocks: MemoryStore[DeadlineClock] = field(default_factory=lambda: MemoryStore(DeadlineClock))
    deliveries: MemoryStore[WebhookDelivery] = field(default_factory=lambda: MemoryStore(WebhookDelivery))
    endpoints: MemoryStore[EndpointStatus] = field(default_factory=lambda: MemoryStore(EndpointStatus))
    items: MemoryStore[DeadlineClock] = field(default_factory=lambda: MemoryStore(DeadlineClock))

    async def publish(self, message: Message, subject: str, event_id: str) -> None:
        self.published.append((message, subject, event_id))

    def parts(self, publish: Publish | None = None) -> bootstrap.WorkerParts:
        return bootstrap.WorkerParts(
            clocks=self.clocks, deliveries=self.deliveries, endpoints=self.endpoints,
            agency_items=self.items, publish=publish or self.publish, mirror=LocalMirror(self.items),
            home=lambda _: "0", mirror_ready=lambda: True, other_workers=list)


def container(settings: NotificationsSettings | None = None, *, worker: MemoryWorker | None = None,
              **given: Any) -> bootstrap.Container:
    """`bootstrap.build` on memory stores, with a fake for each edge not given (`clock=`, `webhooks=`,
    `directory=`, `egress=`, …); the webhook client is the real one unless given."""
    fakes: dict[str, Any] = {"calendar": calendar(), "ladder": ladder(),
                             "directory": LoadedDirectory(directory()), "peers": NoPeers()}
    worker = worker or MemoryWorker()
    return bootstrap.build(settings or dev_settings(), worker=worker.parts(), **(fakes | given))


def envelope(message: Message, inquiry_id: str, event_id: str | None = None) -> Envelope:
    return Envelope(id=event_id or str(uuid.uuid4()), type=type_of(message), source="/test",
                    subject=inquiry_id, time=datetime.now().astimezone(), message=message, headers={})


def assigned(inquiry_id: str, agency_id: str, at: datetime, due: datetime,
             kind: int = common_pb2.INQUIRY_KIND_PRESS_REQUEST) -> events_pb2.InquiryAssigned:
    return events_pb2.InquiryAssigned(
        inquiry_id=inquiry_id, agency_id=agency_id, kind=kind, assigned_time=to_timestamp(at),
        deadline=common_pb2.Deadline(policy_id="test-policy", due_time=to_timestamp(due)),
        tracking_code="TC-1", title="Hỏi về dự án")


@dataclass
class Harness:
    """Notifications on memory stores at the time `clock` says, for the deadline clock's tests."""

    clock: FakeClock
    worker: MemoryWorker = field(default_factory=MemoryWorker)

    @cached_property
    def container(self) -> bootstrap.Container:
        return container(clock=self.clock, egress=EgressPolicy(("*",), True), worker=self.worker)

    def escalator(self) -> Escalator:
        return self.container.escalator

    @property
    def clocks(self) -> MemoryStore[DeadlineClock]:
        return self.worker.clocks

    @property
    def deliveries(self) -> MemoryStore[WebhookDelivery]:
        return self.worker.deliveries

    def notices(self) -> list[events_pb2.NoticeSent]:
        return [m for m, _, _ in self.worker.published if isinstance(m, events_pb2.NoticeSent)]
