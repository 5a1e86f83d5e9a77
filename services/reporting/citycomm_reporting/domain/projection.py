"""An inquiry's current state, folded from its events in the order they happened.

The fold is recomputed from the whole stored history whenever a new event arrives, so
redelivered events change nothing and out-of-order arrival ends in the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from citycomm.v1 import common_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.vocabulary import enum_name, enum_value
from citycomm_reporting.domain.facts import Fact, moment

OPEN_STATUSES = ("submitted", "assigned", "acknowledged", "transfer_requested", "reopened", "escalated")
CLOSED_STATUSES = ("answered", "refused", "closed")

# Ties in time are broken by the lifecycle's own order.
LIFECYCLE_ORDER = {name: rank for rank, name in enumerate((
    "InquirySubmitted", "InquiryAssigned", "InquiryAcknowledged", "TransferRequested",
    "DeadlineExtended", "CommandRejected", "InquiryEscalated", "InquiryAnswered",
    "InquiryReopened", "DisputeSettled", "InquiryClosed"))}

Row = dict[str, Any]
KIND, ROLE = common_pb2.InquiryKind, common_pb2.Role


def _short(enum_type: Any, name: str) -> str:
    """An enum as an event's JSON names it (INQUIRY_KIND_PRESS_REQUEST), in short: press_request."""
    return enum_name(enum_type, enum_value(enum_type, name))


def _fill(row: Row, data: dict[str, Any], *fields: str) -> None:
    """Copy descriptive fields an event repeats (assignments carry title, category, …)."""
    for field in fields:
        if data.get(field):
            row[field] = data[field]


def _deadline(row: Row, deadline: dict[str, Any]) -> None:
    if deadline.get("due_at"):
        row["due_at"] = moment(deadline["due_at"])
    _fill(row, deadline, "policy_id", "legal_basis")


def submitted(row: Row, data: dict[str, Any]) -> None:
    _fill(row, data, "tracking_code", "channel", "title", "category", "ward_code")
    row["kind"] = _short(KIND, data.get("kind", "")) or row.get("kind")
    row["received_at"] = moment(data.get("received_at")) or row.get("received_at")
    submitter = data.get("submitted_by", {})
    row["submitter_role"] = _short(ROLE, submitter.get("role", ""))
    row["submitter_id"] = submitter.get("id", "")
    row["briefing_date"] = data.get("attributes", {}).get("briefing_date") or row.get("briefing_date")
    row.setdefault("status", "submitted")


def assigned(row: Row, data: dict[str, Any]) -> None:
    _fill(row, data, "tracking_code", "title", "category", "ward_code", "agency_id")
    if data.get("kind"):
        row["kind"] = _short(KIND, data["kind"])
    row["co_handling_agency_ids"] = data.get("co_handling_agency_ids", [])
    row["transfers"] = data.get("transfers", 0)
    asker = data.get("asked_by", {})
    if asker:  # the paper that asked (a briefing question's, not the Press Center that submitted it)
        row["asked_by_id"] = asker.get("party_id") or None
        row["asked_by_name"] = asker.get("party_name") or None
    _deadline(row, data.get("deadline", {}))
    row["status"] = "assigned"


def acknowledged(row: Row, data: dict[str, Any]) -> None:
    row["acknowledged_at"] = moment(data.get("acknowledged_at"))
    if row.get("status") in ("assigned", "submitted"):
        row["status"] = "acknowledged"


def answered(row: Row, data: dict[str, Any]) -> None:
    refused = bool(data.get("refused"))
    row.update(status="refused" if refused else "answered", refused=refused,
               answered_at=moment(data.get("answered_at")), answer=data.get("answer", ""),
               refusal_ground=data.get("refusal_ground", ""))
    if data.get("due_at"):
        row["due_at"] = moment(data["due_at"])


def transfer_requested(row: Row, data: dict[str, Any]) -> None:
    row["status"] = "transfer_requested"


def extended(row: Row, data: dict[str, Any]) -> None:
    _deadline(row, data.get("deadline", {}))
    row["extended"] = True


ANSWER_FIELDS = ("answered_at", "answer", "refused", "refusal_ground", "due_at")


def reopened(row: Row, data: dict[str, Any]) -> None:
    row["disputed"] = {name: row.get(name) for name in ANSWER_FIELDS}  # back if the answer stands
    _deadline(row, data.get("deadline", {}))
    _fill(row, data, "agency_id")
    row.update(status="reopened", answered_at=None, answer=None, refused=None, refusal_ground=None)


def dispute_settled(row: Row, data: dict[str, Any]) -> None:
    """When the answer stands it is the inquiry's answer again (InquiryClosed follows)."""
    if data.get("resolution") == "DISPUTE_RESOLUTION_ANSWER_STANDS" and row.get("disputed"):
        row.update(row.pop("disputed"))


def closed(row: Row, data: dict[str, Any]) -> None:
    row.update(status="closed", closed_at=moment(data.get("closed_at")))


def escalated(row: Row, data: dict[str, Any]) -> None:
    row["escalated_at"] = moment(data.get("escalated_at"))
    if row.get("status") not in CLOSED_STATUSES:
        row["status"] = "escalated"


def rejected(row: Row, data: dict[str, Any]) -> None:
    row["last_rejection"] = data.get("reason", "")


FOLDS: dict[str, Callable[[Row, dict[str, Any]], None]] = {
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
        FOLDS[fact.type](row, fact.data)
    row.setdefault("status", "submitted")
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
