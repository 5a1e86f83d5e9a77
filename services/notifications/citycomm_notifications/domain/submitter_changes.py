"""What a submitter is told, as plain data: each lifecycle event moves the inquiry's SubmitterContact
and may be one change the submitter hears of (issue 18, decision 0100). No channel, no words here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.submitter_notices_pb2 import SubmitterContact
from citycomm_common.codec import Envelope
from citycomm_common.contracts import from_timestamp, to_timestamp

# consultation_response: a consultation's commenters (domain.consultation_commenters, issue 20)
CHANGES = ("received", "acknowledged", "transferred", "extended", "answered", "overdue",
           "consultation_response")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Change:
    """One change to tell of: `source_id` (the event or the overdue notice) fixes its message ids."""

    kind: str
    source_id: str
    tracking_code: str
    title: str
    due: datetime | None
    answer: str = ""
    reason: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def language(value: str) -> str:
    value = value.strip().lower()[:2]
    return value if value in LANGUAGES else "vi"


def _with_contact(contact: SubmitterContact | None, inquiry_id: str, tracking_code: str, title: str,
                  given: common_pb2.Contact) -> SubmitterContact | None:
    if contact is None and not (given.email or given.phone):
        return None
    after = SubmitterContact(inquiry_id=inquiry_id)
    if contact is not None:
        after.CopyFrom(contact)
    after.tracking_code = tracking_code or after.tracking_code
    after.title = title or after.title
    if given.email or given.phone:
        after.email, after.phone, after.language = given.email, given.phone, language(given.language)
    return after


def _due(stamp_holder: Message, name: str = "due_time") -> datetime | None:
    return from_timestamp(getattr(stamp_holder, name)) if stamp_holder.HasField(name) else None


def apply(contact: SubmitterContact | None,
          envelope: Envelope) -> tuple[SubmitterContact | None, Change | None]:
    """The inquiry's contact after the event, and the change it tells the submitter of (if any)."""
    event, source = envelope.message, envelope.id
    if isinstance(event, events_pb2.InquirySubmitted):
        return _with_contact(contact, event.inquiry_id, event.tracking_code, event.title, event.contact), None
    if isinstance(event, events_pb2.InquiryAssigned):  # the lead agency's carries the contact too
        contact = _with_contact(contact, event.inquiry_id, event.tracking_code, event.title, event.contact)
    if contact is None:
        return None, None  # nobody to tell: no address was given
    after = SubmitterContact()
    after.CopyFrom(contact)
    if isinstance(event, events_pb2.InquiryAssigned):
        after.agency_id, after.overdue_sent = event.agency_id, False
        if event.deadline.HasField("due_time"):
            after.due_time.CopyFrom(event.deadline.due_time)
        kind = "transferred" if event.previous_agency_id else "received"
        return after, _change(after, kind, source, reason=event.reason if kind == "transferred" else "")
    if isinstance(event, events_pb2.InquiryAcknowledged):
        return after, _change(after, "acknowledged", source)
    if isinstance(event, events_pb2.DeadlineExtended):
        if event.deadline.HasField("due_time"):
            after.due_time.CopyFrom(event.deadline.due_time)
        after.overdue_sent = False
        return after, _change(after, "extended", source, reason=event.reason)
    if isinstance(event, events_pb2.InquiryAnswered):
        after.closed_time.CopyFrom(event.answered_time if event.HasField("answered_time") else _now(envelope))
        return after, _change(after, "answered", source, answer=event.answer)
    if isinstance(event, events_pb2.InquiryClosed):
        if not after.HasField("closed_time"):
            after.closed_time.CopyFrom(event.closed_time if event.HasField("closed_time") else _now(envelope))
        return after, None
    if isinstance(event, events_pb2.InquiryReopened):
        after.ClearField("closed_time")
        if event.deadline.HasField("due_time"):
            after.due_time.CopyFrom(event.deadline.due_time)
        after.overdue_sent = False
        return after, None
    return contact, None


def _now(envelope: Envelope) -> Timestamp:
    return to_timestamp(envelope.time)


def _change(contact: SubmitterContact, kind: str, source_id: str, *, answer: str = "",
            reason: str = "") -> Change:
    return Change(kind, source_id, contact.tracking_code, contact.title, _due(contact), answer, reason)


def overdue(contact: SubmitterContact, now: datetime) -> Change | None:
    """The overdue change once the legal due date has passed with no answer (once per due date)."""
    due = _due(contact)
    if due is None or contact.overdue_sent or contact.HasField("closed_time") or due > now:
        return None
    source = f"overdue/{contact.inquiry_id}/{int(due.timestamp())}"
    return _change(contact, "overdue", source)
