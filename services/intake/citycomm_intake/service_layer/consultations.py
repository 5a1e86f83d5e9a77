"""Consultations at the door (decision 0113): a drafting agency or the city office opens, changes,
closes and answers one; the press, organisations and the public comment. Each request becomes one
command on inquiry.commands; routing decides, and with `Prefer: wait=N` its refusal is the answer."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass, replace

from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_intake.domain.consultation_requests import (
    CommentIn,
    ConsultationRefused,
    DraftIn,
    ResponseIn,
    comment_command,
    draft_message,
)
from citycomm_intake.domain.errors import Forbidden, IntakeError, Unauthenticated
from citycomm_intake.domain.principals import Principal, Role
from citycomm_intake.service_layer.actions import Actions
from citycomm_intake.service_layer.bulk import run_each
from citycomm_intake.service_layer.ports import publish

ADMINISTERS = (Role.AGENCY, Role.OPERATOR)  # routing checks it is the drafting agency's own


class Consultations:
    """Consultation commands recorded through intake's publisher, decided by routing."""

    def __init__(self, actions: Actions) -> None:
        self._actions = actions

    def _command_id(self, principal: Principal, key: str | None, *parts: str) -> str:
        return derived_id(principal.scope, key, *parts) if key else str(uuid.uuid4())

    async def _record(self, command: Message) -> None:
        await publish(self._actions.publisher, command, self._actions.retry_after)

    def _administers(self, principal: Principal) -> common_pb2.Actor:
        if principal.anonymous:
            raise Unauthenticated("An API key is required.", "Cần có khóa API.")
        if principal.role not in ADMINISTERS:
            raise Forbidden("Only the drafting agency or the city office administers a consultation.",
                            "Chỉ cơ quan chủ trì soạn thảo hoặc Văn phòng thành phố quản lý đợt lấy ý kiến.")
        return principal.actor()

    async def open(self, principal: Principal, body: DraftIn, key: str | None) -> tuple[str, str]:
        """Record the opening; returns (consultation id, command id)."""
        actor = self._administers(principal)
        command_id = self._command_id(principal, key, "OpenConsultation")
        consultation_id = derived_id("consultation", command_id)
        now = self._actions.clock.now()
        await self._record(pb.OpenConsultation(
            command_id=command_id, consultation_id=consultation_id, actor=actor,
            draft=draft_message(body, principal, now), issued_time=to_timestamp(now)))
        return consultation_id, command_id

    async def change(self, principal: Principal, consultation_id: str, body: DraftIn, reason: str,
                     key: str | None) -> str:
        actor = self._administers(principal)
        command_id = self._command_id(principal, key, "ChangeConsultation", consultation_id)
        now = self._actions.clock.now()
        await self._record(pb.ChangeConsultation(
            command_id=command_id, consultation_id=consultation_id, actor=actor,
            draft=draft_message(body, principal, now), reason=reason, issued_time=to_timestamp(now)))
        return command_id

    async def close(self, principal: Principal, consultation_id: str, key: str | None) -> str:
        actor = self._administers(principal)
        command_id = self._command_id(principal, key, "CloseConsultation", consultation_id)
        await self._record(pb.CloseConsultation(
            command_id=command_id, consultation_id=consultation_id, actor=actor,
            issued_time=to_timestamp(self._actions.clock.now())))
        return command_id

    async def respond(self, principal: Principal, consultation_id: str, body: ResponseIn,
                      key: str | None) -> str:
        actor = self._administers(principal)
        command_id = self._command_id(principal, key, "PublishConsultationResponse", consultation_id)
        await self._record(pb.PublishConsultationResponse(
            command_id=command_id, consultation_id=consultation_id, actor=actor,
            response_url=str(body.response_url), summary=body.summary,
            issued_time=to_timestamp(self._actions.clock.now())))
        return command_id

    async def comment(self, principal: Principal, consultation_id: str, body: CommentIn,
                      key: str | None, channel: str = "rest") -> str:
        command_id = self._command_id(principal, key, "SubmitConsultationComment", consultation_id)
        await self._record(comment_command(body, principal, command_id=command_id,
                                           consultation_id=consultation_id,
                                           now=self._actions.clock.now(), channel=channel))
        return command_id

    async def decided(self, command_id: str, seconds: float) -> str | None:
        """Routing's decision within `seconds`: the event type if accepted, None if undecided;
        raises ConsultationRefused (with routing's status and reasons) if refused."""
        found = await self._actions.wait_for_outcome(command_id, seconds)
        if found is None or found.outcome_state == common_pb2.COMMAND_OUTCOME_STATE_UNSPECIFIED:
            return None
        if found.outcome_state == common_pb2.COMMAND_OUTCOME_STATE_REJECTED:
            raise refusal(found.reason)
        return found.event_type or None


@dataclass(frozen=True)
class CommentItem:
    """One comment of a bulk as sent: its key as written, and how to read it (raises IntakeError)
    into the checked key, the consultation id and the validated comment."""

    key: str
    consultation_id: str
    read: Callable[[], tuple[str, str, CommentIn]]
    wait: float = 0.0  # seconds to wait for routing's decision (already capped)


@dataclass(frozen=True)
class CommentOutcome:
    index: int
    key: str
    consultation_id: str
    state: str  # recorded, accepted (routing counted it), refused (routing said no), failed
    command_id: str = ""
    error: IntakeError | None = None  # failed: not recorded; refused: routing's ConsultationRefused


async def comment_each(consultations: Consultations, principal: Principal,
                       items: AsyncIterable[CommentItem], *, limit: int,
                       channel: str = "grpc") -> tuple[list[CommentOutcome], CommentItem | None]:
    """Many comments at once (the Press Center's briefing, decision 0115), each through the REST
    path's `Consultations.comment`: recorded while they arrive (service_layer.bulk.run_each), then
    routing's decisions awaited together for the items that asked to wait. The first item over
    `limit` is returned unread, as BulkSubmit does."""

    waits: dict[int, float] = {}

    async def record(index: int, item: CommentItem) -> CommentOutcome:
        waits[index] = item.wait
        try:
            key, consultation_id, body = item.read()
            command_id = await consultations.comment(principal, consultation_id, body, key, channel)
        except IntakeError as exc:
            return CommentOutcome(index, item.key, item.consultation_id, "failed", error=exc)
        return CommentOutcome(index, item.key, consultation_id, "recorded", command_id)

    async def decide(outcome: CommentOutcome, wait: float) -> CommentOutcome:
        if outcome.state != "recorded" or wait <= 0:
            return outcome
        try:
            event_type = await consultations.decided(outcome.command_id, wait)
        except ConsultationRefused as exc:
            return replace(outcome, state="refused", error=exc)
        return replace(outcome, state="accepted") if event_type is not None else outcome

    ran = await run_each(items, record, limit=limit)
    recorded, over = ran
    decided = await asyncio.gather(*(decide(o, waits[o.index]) for o in recorded))
    return list(decided), over


def refusal(reason: str) -> ConsultationRefused:
    """Routing's refusal as reporting keeps it ("vi / en (code: x)"), with the status of its code."""
    found = _REASON.fullmatch(reason)
    if found is None:
        return ConsultationRefused(409, reason, reason)
    return ConsultationRefused(STATUS_OF_CODE.get(found["code"], 422), found["en"], found["vi"],
                               reason_code=found["code"])


_REASON = re.compile(r"(?P<vi>.*?) / (?P<en>.*) \(code: (?P<code>[a-z_]+)\)", re.DOTALL)
# routing's refusal codes (citycomm_routing.domain.consultations); any other is the request's fault
STATUS_OF_CODE = {"unknown_consultation": 404, "not_drafting_agency": 403, "audience_not_asked": 403,
                  "closed": 409, "not_yet_open": 409, "exists": 409, "not_open": 409,
                  "not_closed": 409, "too_early": 409}
