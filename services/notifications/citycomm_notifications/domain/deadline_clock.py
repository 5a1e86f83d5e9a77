"""A deadline clock: started by assignment, moved by extension or reassignment, stopped on answer."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1 import consultations_pb2 as cpb
from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.codec import Envelope, derived_id
from citycomm_common.contracts import from_timestamp, legacy_text
from citycomm_common.vocabulary import enum_name
from citycomm_notifications.domain.consultations import CONSULTATION_TYPES
from citycomm_notifications.domain.escalation_ladder import KindLadder, Ladder, Stage, fire_moment

STOPPED = None  # the clock of an answered, refused or closed inquiry is removed


@dataclass(frozen=True)
class Unchanged:
    """The event does not touch the clock (or was applied before)."""


Change: TypeAlias = DeadlineClock | Unchanged | None


def started_at(clock: DeadlineClock) -> datetime:
    return from_timestamp(clock.started_time)


def due_at(clock: DeadlineClock) -> datetime:
    return from_timestamp(clock.due_time)


def kind_name(clock: DeadlineClock) -> str:
    """The inquiry's kind as the ladder and the webhooks name it (`press_request`), or the ladder
    kind of a clock that is not an inquiry's (`consultation_response`)."""
    return clock.ladder_kind or enum_name(common_pb2.InquiryKind, clock.inquiry_kind)


def _assigned(current: DeadlineClock | None, event: events_pb2.InquiryAssigned, event_id: str) -> Change:
    if current is not None and current.assigned_event_id == event_id:
        return Unchanged()
    if not event.deadline.HasField("due_time"):
        return STOPPED
    started = event.assigned_time if event.HasField("assigned_time") else event.deadline.due_time
    return DeadlineClock(
        inquiry_id=event.inquiry_id, agency_id=event.agency_id, inquiry_kind=event.kind,
        policy_id=event.deadline.policy_id, started_time=started, due_time=event.deadline.due_time,
        assignment=(current.assignment if current else 0) + 1,
        tracking_code=event.tracking_code, title=event.title, assigned_event_id=event_id,
        submitted_by=event.submitted_by)


def _moved(current: DeadlineClock, deadline: common_pb2.Deadline, since: datetime, ladder: Ladder,
           calendar: WorkingCalendar) -> Change:
    """A new due time: stages that would fall after `since` under it are armed again."""
    if not deadline.HasField("due_time") or deadline.due_time == current.due_time:
        return Unchanged()
    moved = DeadlineClock()
    moved.CopyFrom(current)
    moved.due_time.CopyFrom(deadline.due_time)
    still_past = _still_past(moved, ladder, since, calendar)
    del moved.stages_sent[:]
    moved.stages_sent.extend(still_past)
    return moved


def _still_past(clock: DeadlineClock, ladder: Ladder, since: datetime,
                calendar: WorkingCalendar) -> list[str]:
    kind = ladder.for_kind(kind_name(clock))
    if kind is None:
        return []
    counting, past = ladder.counting(kind, clock.policy_id), []
    for stage in kind.stages:
        if stage.id in clock.stages_sent:
            moment = fire_moment(calendar, counting, stage, started_at(clock), due_at(clock))
            if moment is None or moment <= since:
                past.append(stage.id)
    return past


CONSULTATION_RESPONSE = "consultation_response"


def _consultation(current: DeadlineClock | None, event: Message, event_id: str) -> Change:
    """The drafting agency's clock for its summary of and response to the comments (issue 20): from
    the announced close (opened, changed) or the close to the response's due time; stopped when it
    is published. A clock whose due time is unchanged keeps the stages it sent."""
    if isinstance(event, cpb.ConsultationResponsePublished):
        return STOPPED if current is not None else Unchanged()
    if not isinstance(event, cpb.ConsultationOpened | cpb.ConsultationChanged | cpb.ConsultationClosed):
        return Unchanged()
    if not event.HasField("response_due_time") or (current is not None and (
            current.assigned_event_id == event_id or current.due_time == event.response_due_time)):
        return Unchanged()
    if isinstance(event, cpb.ConsultationClosed):
        agency, title, started = event.drafting_agency_id, current.title if current else "", event.closed_time
    else:
        agency, title, started = event.draft.drafting_agency_id, event.draft.title, event.draft.closes_time
    return DeadlineClock(
        inquiry_id=event.consultation_id, agency_id=agency, ladder_kind=CONSULTATION_RESPONSE,
        policy_id=event.policy_id, started_time=started, due_time=event.response_due_time,
        assignment=(current.assignment if current else 0) + 1, title=title, assigned_event_id=event_id)


def apply(current: DeadlineClock | None, envelope: Envelope, ladder: Ladder,
          calendar: WorkingCalendar) -> Change:
    """The clock after one lifecycle event."""
    event = envelope.message
    if type(event) in CONSULTATION_TYPES:
        return _consultation(current, event, envelope.id)
    if isinstance(event, events_pb2.InquiryAssigned):
        return _assigned(current, event, envelope.id)
    if isinstance(event, events_pb2.InquiryAnswered | events_pb2.InquiryClosed):
        return STOPPED if current is not None else Unchanged()
    if isinstance(event, events_pb2.DeadlineExtended) and current is not None:
        return _moved(current, event.deadline, from_timestamp(event.extended_time), ladder, calendar)
    if isinstance(event, events_pb2.InquiryReopened) and current is not None:
        if current.assigned_event_id == envelope.id or not event.deadline.HasField("due_time"):
            return Unchanged()
        reopened = DeadlineClock()
        reopened.CopyFrom(current)
        reopened.started_time.CopyFrom(event.reopened_time)
        reopened.due_time.CopyFrom(event.deadline.due_time)
        reopened.assigned_event_id, reopened.assignment = envelope.id, current.assignment + 1
        del reopened.stages_sent[:]
        return reopened
    return Unchanged()


@dataclass(frozen=True)
class DueStage:
    stage: Stage
    kind: KindLadder
    fires_at: datetime
    notice_id: str


def notice_id(clock: DeadlineClock, stage: Stage) -> str:
    """The same inquiry, assignment, due time and stage always give the same notice id (the due time
    written as the records carried it before Timestamps, so ids stay those of sent notices)."""
    return derived_id(clock.inquiry_id, "notice", clock.assigned_event_id, legacy_text(due_at(clock)),
                      stage.id)


PlannedStage: TypeAlias = tuple[KindLadder, Stage, datetime]
_PlanKey: TypeAlias = tuple[int | str, str, int, int, int, int]


class Planner:
    """When each stage of a clock fires, worked out once per (kind, policy, start, due).

    The working-hours arithmetic is what a tick costs: about 0.1 ms per open clock, so a tick over
    10,000 open inquiries held the event loop for about 1.2 s (bench/deadline_tick.py). The
    moments depend only on the clock's kind, policy, start and due time (and the ladder and calendar, fixed
    for a planner), so they are kept, the most recently used `size` of them (about 1.4 KB each);
    what was sent is filtered on every call. `size` must exceed the open clocks a worker holds, or
    each tick misses them all again.
    """

    def __init__(self, ladder: Ladder, calendar: WorkingCalendar, size: int = 20_000) -> None:
        self.ladder, self.calendar, self._size = ladder, calendar, size
        self._plans: OrderedDict[_PlanKey, list[PlannedStage]] = OrderedDict()

    def _plan(self, clock: DeadlineClock) -> list[PlannedStage]:
        kind: int | str = clock.ladder_kind or clock.inquiry_kind
        key = (kind, clock.policy_id, *_moment(clock.started_time), *_moment(clock.due_time))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._work_out(clock)
            if len(self._plans) > self._size:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan

    def _work_out(self, clock: DeadlineClock) -> list[PlannedStage]:
        kind = self.ladder.for_kind(kind_name(clock))
        if kind is None:
            return []
        start, due, counting = started_at(clock), due_at(clock), self.ladder.counting(kind, clock.policy_id)
        moments = ((stage, fire_moment(self.calendar, counting, stage, start, due)) for stage in kind.stages)
        return sorted(((kind, stage, m) for stage, m in moments if m is not None), key=lambda p: p[2])

    def schedule(self, clock: DeadlineClock, until: datetime | None = None) -> list[DueStage]:
        """Every stage not yet sent (firing by `until`, if given), with its moment, earliest first."""
        return [DueStage(stage, kind, moment, notice_id(clock, stage))
                for kind, stage, moment in self._plan(clock)
                if (until is None or moment <= until) and stage.id not in clock.stages_sent]

    def due_stages(self, clock: DeadlineClock, now: datetime) -> list[DueStage]:
        """Stages whose moment has come, including those missed while no worker was running."""
        return self.schedule(clock, until=now)


def _moment(stamp: Timestamp) -> tuple[int, int]:
    return stamp.seconds, stamp.nanos


def schedule(clock: DeadlineClock, ladder: Ladder, calendar: WorkingCalendar) -> list[DueStage]:
    """Every stage not yet sent, with the moment it fires, earliest first."""
    return Planner(ladder, calendar).schedule(clock)


def due_stages(clock: DeadlineClock, ladder: Ladder, calendar: WorkingCalendar,
               now: datetime) -> list[DueStage]:
    """Stages whose moment has come, including those missed while no worker was running."""
    return Planner(ladder, calendar).due_stages(clock, now)


def mark_sent(clock: DeadlineClock, stage_ids: list[str]) -> DeadlineClock:
    marked = DeadlineClock()
    marked.CopyFrom(clock)
    marked.stages_sent.extend(s for s in stage_ids if s not in clock.stages_sent)
    return marked
