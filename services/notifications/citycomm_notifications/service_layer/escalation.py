"""The deadline clock at work: lifecycle events move each inquiry's clock and queue the webhooks they
cause; ticks send the escalation ladder's stages as they come due (domain/escalation_ladder.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_common.codec import Envelope
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import Directory
from citycomm_common.metrics import ESCALATIONS
from citycomm_common.tracing import current_traceparent, resumed
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.consultations import consultation_notices
from citycomm_notifications.domain.digests import item_changes
from citycomm_notifications.domain.escalation_ladder import Ladder
from citycomm_notifications.domain.notices import contacts_of, notices_for, stage_notices
from citycomm_notifications.domain.submissions import overdue_notice, submission_notices
from citycomm_notifications.service_layer import outcomes
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.ports import Mirror, Publish, Store

log = logging.getLogger(__name__)


class Escalator:
    """`clocks` holds this worker's inquiries' deadline clocks; every change to one is also
    published through `mirror`, keyed by agency, for the daily digests (digests.py)."""

    def __init__(self, clocks: Store[DeadlineClock], queue: DeliveryQueue, *, ladder: Ladder,
                 calendar: WorkingCalendar, directory: Callable[[], Directory], clock: Clock,
                 publish: Publish, mirror: Mirror) -> None:
        self.clocks, self._queue, self._ladder, self._calendar = clocks, queue, ladder, calendar
        self._directory, self._clock, self._publish, self._mirror = directory, clock, publish, mirror
        self._planner = dc.Planner(ladder, calendar)
        for stage in {s.id for kind in ladder.kinds.values() for s in kind.stages}:
            ESCALATIONS.labels(stage)  # at 0 from the start: increase() counts each stage's first

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
        directory = self._directory()
        for notice in (notices_for(envelope, directory) + submission_notices(envelope, before)
                       + consultation_notices(envelope.message, envelope.id, directory)):
            await self._queue.enqueue(notice)

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
        for notice in notices + overdue_notice(clock, due.stage.id, due.notice_id, to_timestamp(now)):
            await self._queue.enqueue(notice)
        event_id, message = outcomes.notice_sent(
            due.notice_id, clock.inquiry_id, clock.agency_id, due.stage.id,
            [n.agency_id for n in notices], dc.due_at(clock), now, kind=clock.inquiry_kind,
            event_type=due.stage.type, urgent=due.kind.urgent)
        await self._publish(message, clock.inquiry_id, event_id)
        ESCALATIONS.labels(due.stage.id).inc()
