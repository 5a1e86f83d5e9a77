"""Deciding one consultation command: the record kept (ConsultationState) and the events it causes,
translating between the contract's messages and the plain consultation functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.codec import derived_id, type_of
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_routing.domain import consultations as domain
from citycomm_routing.domain.consultation_policies import ConsultationPolicyBook, Level

__all__ = ["COMMANDS", "ConsultationDecision", "UnknownConsultationCommand", "decide"]

_AUDIENCES: dict[int, domain.Audience] = {
    pb.CONSULTATION_AUDIENCE_PRESS: "press", pb.CONSULTATION_AUDIENCE_PUBLIC: "public",
    pb.CONSULTATION_AUDIENCE_ORGANISATIONS: "organisations"}
_ROLES = {common_pb2.ROLE_AGENCY: "agency", common_pb2.ROLE_OPERATOR: "operator",
          common_pb2.ROLE_SYSTEM: "system"}
_LEVELS: dict[int, Level] = {pb.DOCUMENT_LEVEL_CITY: "city", pb.DOCUMENT_LEVEL_NATIONAL: "national"}


def _unknown() -> domain.ConsultationRefused:
    return domain.ConsultationRefused("unknown_consultation", 404, "Không có đợt lấy ý kiến này.",
                                      "There is no such consultation.")


COMMANDS = (pb.OpenConsultation, pb.ChangeConsultation, pb.CloseConsultation,
             pb.PublishConsultationResponse, pb.SubmitConsultationComment)


class UnknownConsultationCommand(TypeError):
    """A record on consultation.commands that is no consultation command."""


@dataclass(frozen=True)
class ConsultationDecision:
    """The consultation's record after the command (None: nothing to keep) and the events, with
    ids derived from the command so a replay repeats them."""

    state: pb.ConsultationState | None
    events: list[tuple[str, Message]]


def _draft(message: pb.ConsultationDraft) -> domain.Draft:
    audiences = frozenset(_AUDIENCES.get(a, cast(domain.Audience, "unspecified")) for a in message.audiences)
    return domain.Draft(
        title=message.title, summary=message.summary, drafting_agency=message.drafting_agency_id,
        level=_LEVELS.get(message.level, cast(Level, "unspecified")),
        opens_at=from_timestamp(message.opens_time), closes_at=from_timestamp(message.closes_time),
        audiences=audiences, organisations=tuple(message.organisation_ids),
        documents=tuple(message.document_links), large_impact=message.large_impact)


def _consultation(state: pb.ConsultationState) -> domain.Consultation:
    def moment(field: str) -> datetime | None:
        return from_timestamp(getattr(state, field)) if state.HasField(field) else None

    return domain.Consultation(
        state.consultation_id, _draft(state.draft), state.policy_id,
        cast(domain.State, state.state), moment("closed_time"), moment("response_due_time"),
        moment("response_published_time"), state.response_url)


def _record(before: pb.ConsultationState | None, after: domain.Consultation,
            draft: pb.ConsultationDraft, now: datetime) -> pb.ConsultationState:
    state = pb.ConsultationState()
    if before is not None:
        state.CopyFrom(before)
    else:
        state.opened_time.CopyFrom(to_timestamp(now))
    state.consultation_id, state.policy_id, state.state = after.consultation_id, after.policy_id, after.state
    state.draft.CopyFrom(draft)
    for field in ("closed_at", "response_due_at", "response_published_at"):
        moment = getattr(after, field)
        if moment is not None:
            getattr(state, field.replace("_at", "_time")).CopyFrom(to_timestamp(moment))
    state.response_url = after.response_url
    return state


def _announced_due(consultation: domain.Consultation, book: ConsultationPolicyBook,
                   calendar: WorkingCalendar) -> Timestamp:
    """When the response falls due if the consultation closes when it says it will."""
    draft = consultation.draft
    return to_timestamp(book.select(draft.level, draft.opens_at).response_due(draft.closes_at, calendar))


def _event(command_id: str, event: Message) -> tuple[str, Message]:
    return derived_id(command_id, type_of(event)), event


def decide(before: pb.ConsultationState | None, command: Message, book: ConsultationPolicyBook,
           calendar: WorkingCalendar, now: datetime) -> ConsultationDecision:
    """The consultation's record and events after `command`; a refusal changes nothing and says
    why (ConsultationCommandRefused)."""
    try:
        return _decide(before, command, book, calendar, now)
    except domain.ConsultationRefused as refusal:
        command_id: str = getattr(command, "command_id", "")
        return ConsultationDecision(None, [_event(command_id, pb.ConsultationCommandRefused(
            consultation_id=getattr(command, "consultation_id", ""), command_id=command_id,
            comment_id=getattr(command, "comment_id", ""), code=refusal.code, status=refusal.status,
            detail_vi=refusal.detail_vi, detail=refusal.detail, refused_time=to_timestamp(now)))])


def _decide(before: pb.ConsultationState | None, command: Message, book: ConsultationPolicyBook,
            calendar: WorkingCalendar, now: datetime) -> ConsultationDecision:
    if not isinstance(command, COMMANDS):
        raise UnknownConsultationCommand(type_of(command))
    stamp = to_timestamp(now)
    if isinstance(command, pb.SubmitConsultationComment):
        return _comment(before, command, now)
    if isinstance(command, pb.OpenConsultation):
        domain.authorise(command.draft.drafting_agency_id, _ROLES.get(command.actor.role, "other"),
                         command.actor.id)
        if before is not None:
            raise domain.ConsultationRefused("exists", 409, "Đã có đợt lấy ý kiến với mã này.",
                                             "A consultation with this id exists.")
        opened = domain.open_consultation(command.consultation_id, _draft(command.draft), book, calendar)
        return ConsultationDecision(_record(None, opened, command.draft, now), [_event(
            command.command_id, pb.ConsultationOpened(
                consultation_id=command.consultation_id, command_id=command.command_id,
                actor=command.actor, draft=command.draft, policy_id=opened.policy_id, opened_time=stamp,
                response_due_time=_announced_due(opened, book, calendar)))])
    if before is None:
        raise _unknown()
    current = _consultation(before)
    actor = command.actor  # every command but a comment has one
    domain.authorise(current.draft.drafting_agency, _ROLES.get(actor.role, "other"), actor.id)
    if isinstance(command, pb.ChangeConsultation):
        changed = domain.change(current, _draft(command.draft), book, calendar)
        return ConsultationDecision(_record(before, changed, command.draft, now), [_event(
            command.command_id, pb.ConsultationChanged(
                consultation_id=command.consultation_id, command_id=command.command_id,
                actor=command.actor, draft=command.draft, policy_id=changed.policy_id,
                reason=command.reason, changed_time=stamp,
                response_due_time=_announced_due(changed, book, calendar)))])
    if isinstance(command, pb.CloseConsultation):
        closed = domain.close(current, now, book, calendar)
        assert closed.response_due_at is not None
        return ConsultationDecision(_record(before, closed, before.draft, now), [_event(
            command.command_id, pb.ConsultationClosed(
                consultation_id=command.consultation_id, command_id=command.command_id,
                drafting_agency_id=before.draft.drafting_agency_id, policy_id=before.policy_id,
                comments=before.comments, closed_time=stamp,
                response_due_time=to_timestamp(closed.response_due_at)))])
    if isinstance(command, pb.PublishConsultationResponse):
        if current.state == "open" and now > current.draft.closes_at:  # closed by the clock
            current = domain.close(current, current.draft.closes_at, book, calendar)
        published = domain.publish_response(current, now, command.response_url)
        assert published.response_due_at is not None
        return ConsultationDecision(_record(before, published, before.draft, now), [_event(
            command.command_id, pb.ConsultationResponsePublished(
                consultation_id=command.consultation_id, command_id=command.command_id,
                drafting_agency_id=before.draft.drafting_agency_id, response_url=command.response_url,
                summary=command.summary, on_time=bool(published.response_on_time), published_time=stamp,
                response_due_time=to_timestamp(published.response_due_at),
                commenter_ids=before.commenter_ids))])
    raise UnknownConsultationCommand(type_of(command))


# Commenters named to the response by their id: press agencies, the Press Center and agencies.
_NAMED_COMMENTERS = (common_pb2.ROLE_PRESS_AGENCY, common_pb2.ROLE_PRESS_CENTER, common_pb2.ROLE_AGENCY)


def _comment(before: pb.ConsultationState | None, command: pb.SubmitConsultationComment,
             now: datetime) -> ConsultationDecision:
    """A comment received while open is counted and routed to the drafting agency; otherwise refused
    (intake refuses most before they get here)."""
    received = from_timestamp(command.received_time) if command.HasField("received_time") else now
    if before is None:
        raise _unknown()
    domain.accept_comment(_consultation(before), received, _AUDIENCES.get(command.audience, "unspecified"))
    state = pb.ConsultationState()
    state.CopyFrom(before)
    state.comments += 1
    commenter = command.submitted_by
    if commenter.role in _NAMED_COMMENTERS and commenter.id and commenter.id not in state.commenter_ids:
        state.commenter_ids.append(commenter.id)
    received_event = pb.ConsultationCommentReceived(
        consultation_id=command.consultation_id, command_id=command.command_id,
        comment_id=command.comment_id, drafting_agency_id=before.draft.drafting_agency_id,
        submitted_by=command.submitted_by, audience=command.audience, article=command.article,
        theme=command.theme, text=command.text, received_time=to_timestamp(received))
    if command.contact.phone or command.contact.email:  # the response goes to it (decision 0116)
        received_event.contact.CopyFrom(command.contact)
    return ConsultationDecision(state, [_event(command.command_id, received_event)])
