"""What agencies are told, and in which words: lifecycle events and ladder stages become webhook notices."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from citycomm.v1 import directory_pb2, events_pb2, webhooks_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm_common.codec import Envelope
from citycomm_common.directory import AgencyKind, Directory
from citycomm_common.vocabulary import enum_name, enum_value
from citycomm_notifications.domain.escalation_ladder import AGENCY_ROLES, Role, Stage
from citycomm_notifications.domain.payloads import payload


@dataclass(frozen=True)
class Notice:
    """One message to one agency: the Standard Webhooks `type` and `data`, and what caused it."""

    type: str
    agency_id: str
    inquiry_id: str
    data: dict[str, Any]
    source_id: str  # the event or notice id: with the endpoint, it fixes the webhook-id


def _assigned(event: events_pb2.InquiryAssigned, source_id: str) -> list[Notice]:
    data = {**payload("inquiry.assigned", event), "co_handling": False}
    notices = [Notice("inquiry.assigned", event.agency_id, event.inquiry_id, data, source_id)]
    # Co-handling agencies need the case, not the citizen's personal data (design.md §7): name,
    # phone, e-mail and postal address all travel in `contact`, which only the lead agency gets.
    shared = {**data, "contact": None, "co_handling": True}
    notices += [Notice("inquiry.assigned", agency, event.inquiry_id, shared, source_id)
                for agency in event.co_handling_agency_ids]
    return notices


def _to(agency_id: str, event_type: str, event: Any, source_id: str) -> list[Notice]:
    data = payload(event_type, event)
    return [Notice(event_type, agency_id, event.inquiry_id, data, source_id)] if agency_id else []


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


def ping_notice(agency_id: str, requested_by: str, request_id: str) -> Notice:
    """The test event an agency asks for itself: `ping` to each of its endpoints that takes it."""
    ping = webhooks_pb2.Ping(agency_id=agency_id, requested_by=requested_by, request_id=request_id)
    return Notice("ping", agency_id, "", payload("ping", ping), request_id)


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
                  overdue_agency_contacts: list[directory_pb2.AgencyContact]) -> list[Notice]:
    """One notice per recipient agency of a ladder stage."""
    notices = []
    for agency, roles in recipients(directory, clock.agency_id, stage.recipients).items():
        wanted = {r.value for r in roles}
        notice = webhooks_pb2.StageNotice(
            notice_id=notice_id, stage=stage.id, inquiry_id=clock.inquiry_id,
            tracking_code=clock.tracking_code, title=clock.title, kind=clock.inquiry_kind,
            agency_id=clock.agency_id, policy_id=clock.policy_id, due_time=clock.due_time,
            assigned_time=clock.started_time, roles=sorted(wanted),
            contacts=[c for c in overdue_agency_contacts if _role(c) in wanted])
        notices.append(Notice(stage.type, agency, clock.inquiry_id, payload(stage.type, notice, stage.id),
                              notice_id))
    return notices


def _role(contact: directory_pb2.AgencyContact) -> str:
    return enum_name(directory_pb2.ContactRole, contact.contact_role)


def contacts_of(directory: Directory, agency_id: str) -> list[directory_pb2.AgencyContact]:
    try:
        agency = directory.get(agency_id)
    except LookupError:
        return []
    return [directory_pb2.AgencyContact(
        contact_role=enum_value(directory_pb2.ContactRole, c.role.value), name=c.name,
        title=c.title or "", email=c.email or "", phone=c.phone or "") for c in agency.contacts]
