"""What a press agency or the Press Center hears of its own inquiries (issue 16): acknowledged,
answered (with the answer), transferred, deadline extended, overdue — as `submission.*` webhooks to
the party that submitted it, and to no one else. Citizens are not told here (they track by code)."""

from __future__ import annotations

from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm.v1.webhooks_pb2 import SubmissionProgress
from citycomm_common.codec import Envelope
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload

TOLD = (common_pb2.ROLE_PRESS_AGENCY, common_pb2.ROLE_PRESS_CENTER)
OVERDUE_STAGE = "overdue"


def submitter(actor: common_pb2.Actor) -> str:
    """The party told of the inquiry's progress: a press agency or the Press Center, else nobody."""
    return actor.id if actor.role in TOLD else ""


def _due(progress: SubmissionProgress, source: DeadlineClock | common_pb2.Deadline) -> None:
    if source.HasField("due_time"):  # copying an unset Timestamp would write 1970
        progress.due_time.CopyFrom(source.due_time)


def _happened(progress: SubmissionProgress, event: Any, field: str) -> None:
    if event.HasField(field):
        progress.happened_time.CopyFrom(getattr(event, field))


def _progress(clock: DeadlineClock | None, event: Any) -> SubmissionProgress:
    progress = SubmissionProgress(inquiry_id=event.inquiry_id, agency_id=event.agency_id)
    if clock is not None:
        progress.tracking_code, progress.title, progress.kind = clock.tracking_code, clock.title, \
            clock.inquiry_kind
        _due(progress, clock)
    return progress


def _transferred(event: events_pb2.InquiryAssigned) -> SubmissionProgress | None:
    if not event.previous_agency_id:
        return None  # the first assignment: nothing has moved yet
    progress = SubmissionProgress(
        inquiry_id=event.inquiry_id, tracking_code=event.tracking_code, title=event.title, kind=event.kind,
        agency_id=event.agency_id, previous_agency_id=event.previous_agency_id, reason=event.reason,
        happened_time=event.assigned_time)
    _due(progress, event.deadline)
    return progress


def _step(clock: DeadlineClock | None, event: Any) -> tuple[str, SubmissionProgress] | None:
    """The webhook type and payload of one lifecycle event, if it is one the submitter hears of."""
    if isinstance(event, events_pb2.InquiryAssigned):
        transferred = _transferred(event)
        return ("submission.transferred", transferred) if transferred is not None else None
    if clock is None:
        return None
    progress = _progress(clock, event)
    if isinstance(event, events_pb2.InquiryAcknowledged):
        progress.note = event.note
        _happened(progress, event, "acknowledged_time")
        return "submission.acknowledged", progress
    if isinstance(event, events_pb2.InquiryAnswered):
        progress.answer, progress.refused, progress.refusal_ground = event.answer, event.refused, \
            event.refusal_ground
        progress.links.extend(event.links)
        progress.on_time = event.on_time
        _happened(progress, event, "answered_time")
        return "submission.answered", progress
    if isinstance(event, events_pb2.DeadlineExtended):
        progress.reason = event.reason
        _happened(progress, event, "extended_time")
        _due(progress, event.deadline)
        return "submission.deadline_extended", progress
    return None


def submission_notices(envelope: Envelope, clock: DeadlineClock | None) -> list[Notice]:
    """The submitter's webhook for a lifecycle event; `clock` is the inquiry's clock before it."""
    event = envelope.message
    asker = submitter(event.submitted_by) if isinstance(event, events_pb2.InquiryAssigned) else (
        submitter(clock.submitted_by) if clock is not None else "")
    step = _step(clock, event) if asker else None
    if step is None:
        return []
    event_type, progress = step
    return [Notice(event_type, asker, progress.inquiry_id, payload(event_type, progress), envelope.id)]


def overdue_notice(clock: DeadlineClock, stage_id: str, notice_id: str, now: Timestamp) -> list[Notice]:
    """At the ladder's `overdue` stage, the submitter hears that its answer is late."""
    asker = submitter(clock.submitted_by)
    if stage_id != OVERDUE_STAGE or not asker:
        return []
    progress = SubmissionProgress(inquiry_id=clock.inquiry_id, tracking_code=clock.tracking_code,
                                  title=clock.title, kind=clock.inquiry_kind, agency_id=clock.agency_id)
    _due(progress, clock)
    progress.happened_time.CopyFrom(now)
    return [Notice("submission.overdue", asker, clock.inquiry_id, payload("submission.overdue", progress),
                   notice_id)]
