"""An inquiry's current state, folded from its events in the order they happened.

The fold is recomputed from the whole stored history whenever a new event arrives, so
redelivered events change nothing and out-of-order arrival ends in the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.vocabulary import enum_name
from citycomm_reporting.domain.facts import Fact, moment

KIND, ROLE, STATUS = common_pb2.InquiryKind, common_pb2.Role, common_pb2.LifecycleStatus


def status_name(status: int) -> str:
    """The read model keeps a LifecycleStatus by its short name (`assigned`), as it always has."""
    return enum_name(STATUS, status)


SUBMITTED = status_name(common_pb2.LIFECYCLE_STATUS_SUBMITTED)
ASSIGNED = status_name(common_pb2.LIFECYCLE_STATUS_ASSIGNED)
ACKNOWLEDGED = status_name(common_pb2.LIFECYCLE_STATUS_ACKNOWLEDGED)
TRANSFER_REQUESTED = status_name(common_pb2.LIFECYCLE_STATUS_TRANSFER_REQUESTED)
ESCALATED = status_name(common_pb2.LIFECYCLE_STATUS_ESCALATED)
ANSWERED = status_name(common_pb2.LIFECYCLE_STATUS_ANSWERED)
REFUSED = status_name(common_pb2.LIFECYCLE_STATUS_REFUSED)
REOPENED = status_name(common_pb2.LIFECYCLE_STATUS_REOPENED)
CLOSED = status_name(common_pb2.LIFECYCLE_STATUS_CLOSED)
OPEN_STATUSES = (SUBMITTED, ASSIGNED, ACKNOWLEDGED, TRANSFER_REQUESTED, REOPENED, ESCALATED)
CLOSED_STATUSES = (ANSWERED, REFUSED, CLOSED)

# Ties in time are broken by the lifecycle's own order.
LIFECYCLE_ORDER = {name: rank for rank, name in enumerate((
    "InquirySubmitted", "InquiryAssigned", "InquiryAcknowledged", "TransferRequested",
    "DeadlineExtended", "CommandRejected", "InquiryEscalated", "InquiryAnswered",
    "InquiryReopened", "DisputeSettled", "InquiryClosed"))}

Row = dict[str, Any]


def _fill(row: Row, message: Message, *fields: str) -> None:
    """Copy descriptive fields an event repeats (assignments carry title, category, …)."""
    for field in fields:
        if value := getattr(message, field):
            row[field] = value


def _deadline(row: Row, deadline: common_pb2.Deadline) -> None:
    if (due := moment(deadline, "due_time")) is not None:
        row["due_at"] = due
    _fill(row, deadline, "policy_id", "legal_basis")


def submitted(row: Row, event: events_pb2.InquirySubmitted) -> None:
    _fill(row, event, "tracking_code", "channel", "title", "category", "ward_code")
    row["kind"] = enum_name(KIND, event.kind) or row.get("kind")
    row["received_at"] = moment(event, "received_time") or row.get("received_at")
    row["submitter_role"] = enum_name(ROLE, event.submitted_by.role)
    row["submitter_id"] = event.submitted_by.id
    row["briefing_date"] = event.attributes.get("briefing_date") or row.get("briefing_date")
    if event.HasField("location"):
        row["lat"], row["long"] = event.location.lat, event.location.long
    row["media_url"] = next((a.media_url for a in event.attachments if a.media_url), None)
    row.setdefault("status", SUBMITTED)


def assigned(row: Row, event: events_pb2.InquiryAssigned) -> None:
    _fill(row, event, "tracking_code", "title", "category", "ward_code", "agency_id")
    if kind := enum_name(KIND, event.kind):
        row["kind"] = kind
    row["co_handling_agency_ids"] = list(event.co_handling_agency_ids)
    row["transfers"] = event.transfers
    # The paper that asked (a briefing question's, not the Press Center that submitted it).
    if (asker := event.asked_by).ListFields():
        row["asked_by_id"] = asker.party_id or None
        row["asked_by_name"] = asker.party_name or None
    _deadline(row, event.deadline)
    row["status"] = ASSIGNED


def acknowledged(row: Row, event: events_pb2.InquiryAcknowledged) -> None:
    row["acknowledged_at"] = moment(event, "acknowledged_time")
    if row.get("status") in (ASSIGNED, SUBMITTED):
        row["status"] = ACKNOWLEDGED


def answered(row: Row, event: events_pb2.InquiryAnswered) -> None:
    row.update(status=REFUSED if event.refused else ANSWERED, refused=event.refused,
               answered_at=moment(event, "answered_time"), answer=event.answer,
               refusal_ground=event.refusal_ground)
    if (due := moment(event, "due_time")) is not None:
        row["due_at"] = due


def transfer_requested(row: Row, event: events_pb2.TransferRequested) -> None:
    row["status"] = TRANSFER_REQUESTED


def extended(row: Row, event: events_pb2.DeadlineExtended) -> None:
    _deadline(row, event.deadline)
    row["extended"] = True


ANSWER_FIELDS = ("answered_at", "answer", "refused", "refusal_ground", "due_at")


def reopened(row: Row, event: events_pb2.InquiryReopened) -> None:
    row["disputed"] = {name: row.get(name) for name in ANSWER_FIELDS}  # back if the answer stands
    _deadline(row, event.deadline)
    _fill(row, event, "agency_id")
    row.update(status=REOPENED, answered_at=None, answer=None, refused=None, refusal_ground=None)


def dispute_settled(row: Row, event: events_pb2.DisputeSettled) -> None:
    """When the answer stands it is the inquiry's answer again (InquiryClosed follows)."""
    if event.resolution == common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS and row.get("disputed"):
        row.update(row.pop("disputed"))


def closed(row: Row, event: events_pb2.InquiryClosed) -> None:
    row.update(status=CLOSED, closed_at=moment(event, "closed_time"))


def escalated(row: Row, event: events_pb2.InquiryEscalated) -> None:
    row["escalated_at"] = moment(event, "escalated_time")
    if row.get("status") not in CLOSED_STATUSES:
        row["status"] = ESCALATED


def rejected(row: Row, event: events_pb2.CommandRejected) -> None:
    row["last_rejection"] = event.reason


# Each reads the typed fields of its own event type.
FOLDS: dict[str, Callable[[Row, Any], None]] = {
    "InquirySubmitted": submitted, "InquiryAssigned": assigned, "InquiryAcknowledged": acknowledged,
    "InquiryAnswered": answered, "TransferRequested": transfer_requested,
    "DeadlineExtended": extended, "InquiryReopened": reopened, "InquiryClosed": closed,
    "DisputeSettled": dispute_settled,
    "InquiryEscalated": escalated, "CommandRejected": rejected,
}


def changes_state(fact_type: str) -> bool:
    return fact_type in FOLDS


def lifecycle_rank(event_type: str) -> int:
    """Where an event type stands in the lifecycle (full or short name); others come last."""
    return LIFECYCLE_ORDER.get(event_type.rsplit(".", 1)[-1], 99)


def in_order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_at, lifecycle_rank(f.type), f.event_id))


def fold(facts: Iterable[Fact], calendar: WorkingCalendar) -> Row | None:
    """The inquiry's row, or None while none of its events says anything about its state."""
    ordered = [f for f in in_order(facts) if f.type in FOLDS]
    if not ordered:
        return None
    row: Row = {"inquiry_id": ordered[0].inquiry_id}
    for fact in ordered:
        FOLDS[fact.type](row, fact.message)
    row.setdefault("status", SUBMITTED)
    # Until the submission itself arrives, the first event seen is the best "received" known.
    row["received_at"] = row.get("received_at") or ordered[0].occurred_at
    row["updated_at"] = ordered[-1].occurred_at
    row.update(_timeliness(row, calendar))
    return row


def _timeliness(row: Row, calendar: WorkingCalendar) -> Row:
    """On time when answered by the (possibly extended) deadline; response time both ways."""
    answered_at: datetime | None = row.get("answered_at")
    received_at: datetime | None = row.get("received_at")
    due_at: datetime | None = row.get("due_at")
    result: Row = {"on_time": None, "response_hours": None, "response_working_hours": None}
    if answered_at is None:
        return result
    if due_at is not None:
        result["on_time"] = answered_at <= due_at
    if received_at is not None and answered_at >= received_at:
        result["response_hours"] = (answered_at - received_at).total_seconds() / 3600
        result["response_working_hours"] = calendar.working_hours_between(received_at, answered_at)
    return result
