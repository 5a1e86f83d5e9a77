"""The deadline clock at work: events move it, ticks send due ladder stages; digests, unreachable alerts."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock, WebhookDelivery
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_common.codec import Envelope, derived_id
from citycomm_common.directory import Directory
from citycomm_common.metrics import ESCALATIONS
from citycomm_common.tracing import current_traceparent, resumed
from citycomm_notifications import outcomes
from citycomm_notifications.adapters.stores import Store
from citycomm_notifications.delivery import Dispatcher, Publish
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.digests import digest_notices, item_changes, item_key
from citycomm_notifications.domain.ladder import Ladder
from citycomm_notifications.domain.notices import Notice, contacts_of, notices_for, stage_notices

log = logging.getLogger(__name__)
Mirror = Callable[[AgencyItem], Awaitable[None]]  # publishes to the agency-keyed mirror


def apply_item(items: Store[DeadlineClock], item: AgencyItem, partition: int) -> None:
    """One mirror record into the agency-keyed store (the agent of the mirror topic calls this)."""
    key = item_key(item, partition)
    if item.HasField("clock"):
        items.put(key, item.clock)
    else:
        items.delete(key)


class LocalMirror:
    """The mirror without a broker (tests): every record applied at once, in one partition."""

    def __init__(self, items: Store[DeadlineClock]) -> None:
        self.items = items

    async def __call__(self, item: AgencyItem) -> None:
        apply_item(self.items, item, 0)


class Escalator:
    """`clocks` holds this worker's inquiries; `items`, the agency-keyed mirror of every clock
    (published through `mirror`), holds this worker's agencies: digests are built from it."""

    def __init__(self, clocks: Store[DeadlineClock], dispatcher: Dispatcher, ladder: Ladder,
                 calendar: WorkingCalendar, directory: Callable[[], Directory], clock: Clock,
                 publish: Publish, items: Store[DeadlineClock], mirror: Mirror) -> None:
        self.clocks, self._dispatcher, self._ladder, self._calendar = clocks, dispatcher, ladder, calendar
        self._directory, self._clock, self._publish = directory, clock, publish
        self.items, self._mirror = items, mirror
        self._planner = dc.Planner(ladder, calendar)
        dispatcher.on_dead = self.agency_unreachable

    async def _mirrored(self, before: DeadlineClock | None, after: DeadlineClock | None) -> None:
        for item in item_changes(before, after):
            await self._mirror(item)

    async def on_event(self, envelope: Envelope) -> None:
        """One lifecycle event: the clock moves, and the webhooks it causes are queued."""
        key = envelope.subject
        before = self.clocks.get(key)
        change = dc.apply(before, envelope, self._ladder, self._calendar)
        if change is None:
            self.clocks.delete(key)
            await self._mirrored(before, None)
        elif isinstance(change, DeadlineClock):
            change.traceparent = current_traceparent() or change.traceparent  # its stages join this trace
            self.clocks.put(key, change)
            await self._mirrored(before, change)
        for notice in notices_for(envelope, self._directory()):
            await self._dispatcher.enqueue(notice)

    async def tick(self) -> int:
        """Send every stage that has come, in order; missed ones (worker down) go now."""
        now, sent = self._clock.now(), 0
        for key, clock in self.clocks.items():
            due = self._planner.due_stages(clock, now)
            for stage in due:
                with resumed(clock.traceparent, f"deadline {stage.stage.id}"):
                    await self._send_stage(clock, stage, now)
            if due:
                marked = dc.mark_sent(clock, [d.stage.id for d in due])
                self.clocks.put(key, marked)
                await self._mirrored(clock, marked)
                sent += len(due)
        return sent

    async def _send_stage(self, clock: DeadlineClock, due: dc.DueStage, now: datetime) -> None:
        directory = self._directory()
        notices = stage_notices(clock, due.stage, due.notice_id, directory,
                                contacts_of(directory, clock.agency_id))
        for notice in notices:
            await self._dispatcher.enqueue(notice)
        event_id, message = outcomes.notice_sent(
            due.notice_id, clock.inquiry_id, clock.agency_id, due.stage.id,
            [n.agency_id for n in notices], clock.due_at, now, kind=clock.kind,
            event_type=due.stage.type, urgent=due.kind.urgent)
        await self._publish(message, clock.inquiry_id, event_id)
        ESCALATIONS.labels(due.stage.id).inc()

    async def agency_unreachable(self, dead: WebhookDelivery) -> None:
        """A dead letter tells the agency's supervisor, once per endpoint and day."""
        if dead.event_type == "agency.unreachable":
            return  # the supervisor's own alert died: operators see it in the dead letters
        directory, now = self._directory(), self._clock.now()
        try:
            supervisor = directory.get(dead.agency_id).supervisor or directory.coordinator
        except LookupError:
            supervisor = directory.coordinator
        day = now.astimezone(self._calendar.zone).date().isoformat()
        notice_id = derived_id(dead.agency_id, dead.endpoint_id, "agency_unreachable", day)
        data = {"notice_id": notice_id, "stage": "agency_unreachable", "agency_id": dead.agency_id,
                "endpoint_id": dead.endpoint_id, "delivery_id": dead.webhook_id,
                "event_type": dead.event_type, "inquiry_id": dead.inquiry_id,
                "attempts": dead.attempts, "error": dead.error}
        alert = Notice("agency.unreachable", supervisor, dead.inquiry_id, data, notice_id)
        await self._dispatcher.enqueue(alert)
        event_id, message = outcomes.notice_sent(notice_id, dead.inquiry_id, dead.agency_id,
                                                 "agency_unreachable", [supervisor], "", now,
                                                 event_type="agency.unreachable", urgent=True)
        await self._publish(message, dead.inquiry_id or dead.agency_id, event_id)
        ESCALATIONS.labels("agency_unreachable").inc()

    async def digest(self, day: str) -> int:
        """One digest.daily per agency whose mirror partition this worker holds (docs/webhooks.md)."""
        notices = digest_notices((clock for _, clock in self.items.items()), self._clock.now(), day)
        for notice in notices:
            await self._dispatcher.enqueue(notice)
        return len(notices)
