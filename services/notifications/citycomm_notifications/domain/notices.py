"""What agencies are told, and in which words: lifecycle events and ladder stages become webhook notices."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from google.protobuf.json_format import MessageToDict

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm_common.codec import Envelope, rfc3339
from citycomm_common.contracts import legacy_only, legacy_text
from citycomm_common.directory import AgencyKind, Directory
from citycomm_common.vocabulary import enum_name
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.escalation_ladder import AGENCY_ROLES, Role, Stage


@dataclass(frozen=True)
class Notice:
    """One message to one agency: the Standard Webhooks `type` and `data`, and what caused it."""

    type: str
    agency_id: str
    inquiry_id: str
    data: dict[str, Any]
    source_id: str  # the event or notice id: with the endpoint, it fixes the webhook-id


def _fields(message: Any) -> dict[str, Any]:
    """The event as webhooks have always carried it: the previous release's fields (times as
    RFC 3339 text, no Timestamps), until the webhook contract says otherwise."""
    data = MessageToDict(legacy_only(message), preserving_proto_field_name=True)
    if "kind" in data:
        data["kind"] = enum_name(common_pb2.InquiryKind, message.kind)
    if "role" in data.get("submitted_by", {}):
        data["submitted_by"]["role"] = enum_name(common_pb2.Role, message.submitted_by.role)
    return data


def _assigned(event: events_pb2.InquiryAssigned, source_id: str) -> list[Notice]:
    data = _fields(event)
    notices = [Notice("inquiry.assigned", event.agency_id, event.inquiry_id, data, source_id)]
    # Co-handling agencies need the case, not the citizen's personal data (design.md §7): name,
    # phone, e-mail and postal address all travel in `contact`, which only the lead agency gets.
    shared = {k: v for k, v in data.items() if k != "contact"}
    notices += [Notice("inquiry.assigned", agency, event.inquiry_id, {**shared, "co_handling": True},
                       source_id) for agency in event.co_handling_agency_ids]
    return notices


def _to(agency_id: str, event_type: str, event: Any, source_id: str) -> list[Notice]:
    return [Notice(event_type, agency_id, event.inquiry_id, _fields(event), source_id)] if agency_id else []


def notices_for(envelope: Envelope, directory: Directory) -> list[Notice]:
    """The webhooks a lifecycle event causes (the ladder's notices come from the clock)."""
    event, source_id = envelope.message, envelope.id
    if isinstance(event, events_pb2.InquiryAssigned):
        return _assigned(event, source_id)
    if isinstance(event, events_pb2.CommandRejected):
        return _to(event.agency_id, "command.rejected", event, source_id)
    if isinstance(event, events_pb2.DeadlineExtended):
        return _to(event.agency_id, "inquiry.deadline_extended", event, source_id)
    if isinstance(event, events_pb2.InquiryReopened):
        return _to(event.agency_id, "inquiry.reopened", event, source_id)
    if isinstance(event, events_pb2.InquiryEscalated):
        targets = list(event.escalated_to) or [directory.coordinator]
        return [n for agency in targets for n in _to(agency, "inquiry.escalated", event, source_id)]
    return []


def recipients(directory: Directory, agency_id: str, roles: list[Role]) -> dict[str, list[Role]]:
    """The agencies that play each role for `agency_id`, with the roles each plays."""
    found: dict[str, list[Role]] = defaultdict(list)
    agency = directory.get(agency_id)
    for role in roles:
        if role in AGENCY_ROLES:
            target: str | None = agency_id
        elif role is Role.SUPERVISOR:
            target = agency.supervisor or directory.coordinator
        elif role is Role.CITY_OFFICE:
            target = next((a.id for a in directory.agencies if a.kind is AgencyKind.CITY_OFFICE), None)
        else:
            target = directory.coordinator
        if target is not None:
            found[target].append(role)
    return dict(found)


def stage_notices(clock: DeadlineClock, stage: Stage, notice_id: str, directory: Directory,
                  overdue_agency_contacts: list[dict[str, str]]) -> list[Notice]:
    """One notice per recipient agency of a ladder stage (times written as routing wrote them before
    Timestamps: the due time in city time, the assignment in UTC)."""
    common = {"notice_id": notice_id, "stage": stage.id, "inquiry_id": clock.inquiry_id,
              "tracking_code": clock.tracking_code, "title": clock.title, "kind": dc.kind_name(clock),
              "agency_id": clock.agency_id, "policy_id": clock.policy_id,
              "due_at": legacy_text(dc.due_at(clock)), "assigned_at": rfc3339(dc.started_at(clock))}
    notices = []
    for agency, roles in recipients(directory, clock.agency_id, stage.recipients).items():
        wanted = {r.value for r in roles}
        contacts = [c for c in overdue_agency_contacts if c.get("role") in wanted]
        data = {**common, "roles": sorted(wanted), "contacts": contacts}
        notices.append(Notice(stage.type, agency, clock.inquiry_id, data, notice_id))
    return notices


def contacts_of(directory: Directory, agency_id: str) -> list[dict[str, str]]:
    try:
        agency = directory.get(agency_id)
    except LookupError:
        return []
    return [c.model_dump(mode="json", exclude_none=True) for c in agency.contacts]
