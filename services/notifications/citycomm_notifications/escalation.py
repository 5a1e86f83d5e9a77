"""The deadline clock at work: events move it, ticks send due ladder stages; digests, unreachable alerts."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from citycomm.v1.notifications_pb2 import DeadlineClock, WebhookDelivery
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_common.codec import Envelope, derived_id, rfc3339
from citycomm_common.directory import Directory
from citycomm_common.metrics import ESCALATIONS
from citycomm_notifications import outcomes
from citycomm_notifications.adapters.stores import Store
from citycomm_notifications.delivery import Dispatcher, Publish
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.ladder import Ladder
from citycomm_notifications.domain.notices import Notice, contacts_of, notices_for, stage_notices

log = logging.getLogger(__name__)


class Escalator:
    def __init__(self, clocks: Store[DeadlineClock], dispatcher: Dispatcher, ladder: Ladder,
                 calendar: WorkingCalendar, directory: Callable[[], Directory], clock: Clock,
                 publish: Publish) -> None:
        self.clocks, self._dispatcher, self._ladder, self._calendar = clocks, dispatcher, ladder, calendar
        self._directory, self._clock, self._publish = directory, clock, publish
        dispatcher.on_dead = self.agency_unreachable

    async def on_event(self, envelope: Envelope) -> None:
        """One lifecycle event: the clock moves, and the webhooks it causes are queued."""
        key = envelope.subject
        change = dc.apply(self.clocks.get(key), envelope, self._ladder, self._calendar)
        if change is None:
            self.clocks.delete(key)
        elif isinstance(change, DeadlineClock):
            self.clocks.put(key, change)
        for notice in notices_for(envelope, self._directory()):
            await self._dispatcher.enqueue(notice)

    async def tick(self) -> int:
        """Send every stage that has come, in order; missed ones (worker down) go now."""
        now, sent = self._clock.now(), 0
        for key, clock in self.clocks.items():
            due = dc.due_stages(clock, self._ladder, self._calendar, now)
            for stage in due:
                await self._send_stage(clock, stage, now)
            if due:
                self.clocks.put(key, dc.mark_sent(clock, [d.stage.id for d in due]))
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
        """One digest.daily per agency with open items on this worker (see docs/webhooks.md)."""
        now, by_agency = self._clock.now(), defaultdict(list)
        for _, clock in self.clocks.items():
            overdue = dc.due_at(clock) < now
            by_agency[clock.agency_id].append({
                "inquiry_id": clock.inquiry_id, "tracking_code": clock.tracking_code,
                "title": clock.title, "kind": clock.kind, "due_at": clock.due_at,
                "overdue": overdue, "stages_sent": list(clock.stages_sent)})
        for agency, items in by_agency.items():
            items.sort(key=lambda item: item["due_at"])
            data = {"agency_id": agency, "day": day, "generated_at": rfc3339(now),
                    "open": len(items), "overdue": sum(1 for i in items if i["overdue"]), "items": items}
            digest_id = derived_id(agency, "digest.daily", day)
            await self._dispatcher.enqueue(Notice("digest.daily", agency, "", data, digest_id))
        return len(by_agency)
