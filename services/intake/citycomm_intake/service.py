"""Intake's use cases, shared by REST, gRPC and Open311: authenticate, submit, look up, act."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from google.protobuf.message import Message

from citycomm.v1 import reporting_pb2
from citycomm_common.clock import Clock
from citycomm_common.codec import derived_id
from citycomm_intake.adapters.publisher import BrokerUnavailable
from citycomm_intake.adapters.reporting_client import ReportingUnavailable
from citycomm_intake.domain import access
from citycomm_intake.domain.commands import Action, action_command, kind_of, submit_command
from citycomm_intake.domain.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    OutcomeUnknown,
    RetryWith,
    Unauthenticated,
    Unavailable,
)
from citycomm_intake.domain.identity import chosen_key, inquiry_id, normalize_tracking_code, tracking_code
from citycomm_intake.domain.principals import CITIZEN, Principal
from citycomm_intake.domain.references import References
from citycomm_intake.domain.submissions import AnySubmission, FeedbackIn, unset_additions

DECIDED = {"accepted", "rejected"}
CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


class Publisher(Protocol):
    async def publish(self, command: Message) -> None: ...


class Reporting(Protocol):
    async def inquiry(
        self, *, inquiry_id: str = "", tracking_code: str = ""
    ) -> reporting_pb2.InquiryStatus | None: ...
    async def inquiries(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse: ...
    async def outcome(self, command_id: str) -> reporting_pb2.CommandOutcome | None: ...


class Keys(Protocol):
    async def authenticate(self, presented: str) -> Principal | None: ...
    async def remember(
        self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime
    ) -> str: ...


@dataclass(frozen=True)
class Receipt:
    inquiry_id: str
    tracking_code: str
    command_id: str


def fingerprint(submission: AnySubmission | FeedbackIn) -> str:
    """The request as validated and normalised, so NFC or spacing differences are the same request."""
    body = submission.model_dump_json(exclude=unset_additions(submission))
    return hashlib.sha256(f"{kind_of(submission)}\x1f{body}".encode()).hexdigest()


NOT_VISIBLE = (
    "Không có yêu cầu nào với mã này được giao cho bạn / no inquiry with this id is yours to act on"
)


def not_visible(found: reporting_pb2.CommandOutcome) -> reporting_pb2.CommandOutcome:
    """A rejection as told to a caller who may not see its inquiry: nothing of routing's reason."""
    return reporting_pb2.CommandOutcome(
        command_id=found.command_id, state="rejected", reason=NOT_VISIBLE,
        event_type=found.event_type, inquiry_id=found.inquiry_id,
    )


class Intake:
    def __init__(
        self,
        *,
        publisher: Publisher,
        reporting: Reporting,
        keys: Keys,
        references: References,
        clock: Clock,
        tracking_secret: bytes,
        retry_after: int = 5,
    ) -> None:
        self.publisher, self.reporting, self.keys = publisher, reporting, keys
        self.references, self.clock = references, clock
        self._secret = tracking_secret
        self.retry_after = retry_after

    async def authenticate(self, presented: str | None) -> Principal:
        if not presented:
            return CITIZEN
        principal = await self.keys.authenticate(presented)
        if principal is None:
            raise Unauthenticated(
                "The API key is unknown or revoked.", "Khóa API không hợp lệ hoặc đã bị thu hồi."
            )
        return principal

    async def submit(
        self,
        principal: Principal,
        submission: AnySubmission | FeedbackIn,
        idempotency_key: str | None,
        channel: str,
    ) -> Receipt:
        kind = kind_of(submission)
        if not principal.may_submit(kind):
            raise Forbidden(
                f"A {principal.role.value} may not submit a {kind}.",
                f"Vai trò {principal.role.value} không được gửi loại yêu cầu {kind}.",
            )
        now = self.clock.now()
        ward_code = self.references.ward_code(submission)
        self.references.check(submission, now, now.astimezone(CITY_TIME).date())
        key = idempotency_key or chosen_key()  # a sent key and a chosen one work the same way
        digest = fingerprint(submission)
        inquiry = self._inquiry_id(principal, digest, key)
        code = tracking_code(self._secret, inquiry)
        command = submit_command(
            submission,
            inquiry=inquiry,
            code=code,
            ward_code=ward_code,
            actor=principal.actor(),
            channel=channel,
            received=now,
        )
        try:
            if not principal.anonymous:
                await self._remember(principal.scope, key, digest, inquiry)
            await self._publish(command)
        except Unavailable as exc:
            raise OutcomeUnknown(RetryWith(key, inquiry, code), self.retry_after) from exc
        return Receipt(inquiry, code, command.command_id)

    @staticmethod
    def _inquiry_id(principal: Principal, digest: str, key: str) -> str:
        if principal.anonymous:
            # Anonymous citizens share one namespace: the body keeps one citizen's key from
            # ever naming another citizen's inquiry.
            return inquiry_id(f"citizen:{digest}", key)
        return inquiry_id(principal.scope, key)

    async def _remember(self, scope: str, key: str, digest: str, inquiry: str) -> None:
        try:
            first = await self.keys.remember(scope, key, digest, inquiry, self.clock.now())
        except Exception as exc:  # the key database is down: we cannot promise idempotency
            raise Unavailable("the Idempotency-Key record failed") from exc
        if first != digest:
            raise Conflict(
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new inquiry.",
                "Idempotency-Key này đã được dùng cho một yêu cầu khác.",
            )

    async def _publish(self, command: Message) -> None:
        try:
            await self.publisher.publish(command)
        except BrokerUnavailable as exc:
            raise Unavailable(
                "The platform cannot record this right now; retry with the same Idempotency-Key.",
                "Hệ thống tạm thời không ghi nhận được; vui lòng thử lại với cùng Idempotency-Key.",
                retry_after=self.retry_after,
            ) from exc

    async def act(
        self, principal: Principal, inquiry: str, action: Action, idempotency_key: str | None
    ) -> str:
        """Record an action on an inquiry if the caller's role may ask for it; routing accepts or
        rejects it. Returns the command id."""
        access.authorise_action(principal, action, self._coordinating_offices)
        name = type(action).__name__
        command_id = (
            derived_id(principal.scope, idempotency_key, name, inquiry)
            if idempotency_key
            else str(uuid.uuid4())
        )
        await self._publish(
            action_command(
                action,
                command_id=command_id,
                inquiry=inquiry,
                actor=principal.actor(),
                issued=self.clock.now(),
            )
        )
        return command_id

    def _coordinating_offices(self) -> tuple[str, ...]:
        directory = self.references.directory
        if not directory.is_loaded():
            raise Unavailable(
                "The agency directory is still being read; retry with the same Idempotency-Key.",
                "Hệ thống đang nạp danh bạ cơ quan; vui lòng thử lại với cùng Idempotency-Key.",
                retry_after=self.retry_after,
            )
        return directory.live().coordinating_offices()

    def _known_coordinating_offices(self) -> tuple[str, ...]:
        """For what to show: none until the directory is read (the caller sees its own only)."""
        directory = self.references.directory
        return directory.live().coordinating_offices() if directory.is_loaded() else ()

    async def outcome(self, principal: Principal, command_id: str) -> reporting_pb2.CommandOutcome:
        if principal.anonymous:
            raise Unauthenticated("An API key is required.", "Cần có khóa API.")
        found = await self._read(self.reporting.outcome(command_id))
        # An outcome names its inquiry and why routing decided: only those who may see the
        # inquiry may see it, and others get the same answer as for an unknown command.
        if found is None or not await self._may_see(principal, found.inquiry_id):
            raise NotFound("No command has this id (yet).", "Không tìm thấy lệnh này.")
        return found

    async def _may_see(self, principal: Principal, inquiry: str) -> bool:
        if access.oversees(principal, self._known_coordinating_offices):  # acts on every inquiry
            return True
        found = await self._read(self.reporting.inquiry(inquiry_id=inquiry)) if inquiry else None
        return found is not None and access.may_see(principal, found)

    async def wait_for_action_outcome(
        self, principal: Principal, command_id: str, seconds: float
    ) -> reporting_pb2.CommandOutcome | None:
        """Routing's decision on an agency's own action, within `seconds` (Prefer: wait=N).

        A rejection's reason can name the inquiry's agency ("assigned to so-xay-dung"): a caller
        who may not see the inquiry gets one answer, whether it is another agency's or does not
        exist. An acceptance needs no check: routing accepts only the agency it is assigned to."""
        found = await self.wait_for_outcome(command_id, seconds)
        if found is None or found.state != "rejected":
            return found
        try:
            visible = await self._may_see(principal, found.inquiry_id)
        except Unavailable:
            return None  # undecided for the caller, who can ask GET /v1/commands/{id} later
        return found if visible else not_visible(found)

    async def wait_for_outcome(self, command_id: str, seconds: float) -> reporting_pb2.CommandOutcome | None:
        """Poll the read model until the command is decided or the time is up (Prefer: wait=N)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            try:
                found = await self.reporting.outcome(command_id)
            except ReportingUnavailable:
                found = None
            if found is not None and found.state in DECIDED:
                return found
            if asyncio.get_running_loop().time() >= deadline:
                return found
            await asyncio.sleep(0.2)

    async def inquiry(self, principal: Principal, inquiry: str) -> reporting_pb2.InquiryStatus:
        if principal.anonymous:
            raise Unauthenticated(
                "An API key is required; citizens look up by tracking code.",
                "Cần có khóa API; người dân tra cứu bằng mã tra cứu.",
            )
        found = await self._read(self.reporting.inquiry(inquiry_id=inquiry))
        if found is None or not access.may_see(principal, found):
            raise NotFound("No inquiry with this id is visible to you.", "Không tìm thấy yêu cầu.")
        return found

    async def track(self, code: str) -> reporting_pb2.InquiryStatus:
        try:
            normalized = normalize_tracking_code(code)
        except ValueError as exc:
            raise NotFound("No inquiry has this tracking code.", "Không có yêu cầu nào với mã này.") from exc
        found = await self._read(self.reporting.inquiry(tracking_code=normalized))
        if found is None:
            raise NotFound("No inquiry has this tracking code (yet).", "Chưa có yêu cầu nào với mã này.")
        return access.public(found)

    async def inquiries(
        self, principal: Principal, request: reporting_pb2.ListInquiriesRequest, agency_id: str = ""
    ) -> reporting_pb2.ListInquiriesResponse:
        scoped = access.list_scope(principal, agency_id)
        request = reporting_pb2.ListInquiriesRequest(
            status=request.status,
            kind=request.kind,
            page_size=request.page_size,
            page_token=request.page_token,
            agency_id=scoped.agency_id,
            submitter_id=scoped.submitter_id,
            category=request.category,
            ward_code=request.ward_code,
            overdue_only=request.overdue_only,
            received_from=request.received_from,
            received_to=request.received_to,
        )
        try:
            return await self._read(self.reporting.inquiries(request))
        except ValueError as exc:
            raise Invalid.field("page_token", str(exc), "Con trỏ trang không hợp lệ.") from exc

    async def public_feedback(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse:
        """Citizens' feedback listed for anyone (Open311 without a key): show only its public fields."""
        try:
            return await self._read(self.reporting.inquiries(access.public_listing(request)))
        except ValueError as exc:
            raise Invalid.field("page_token", str(exc), "Con trỏ trang không hợp lệ.") from exc

    async def public_feedback_item(self, inquiry_id: str) -> reporting_pb2.InquiryStatus:
        """One citizen's feedback by inquiry id, for anyone: show only its public fields."""
        found = await self._read(self.reporting.inquiry(inquiry_id=inquiry_id))
        if found is None or not access.is_public(found):
            raise NotFound("No citizen's feedback has this id.", "Không có phản ánh nào với mã này.")
        return found

    async def _read(self, pending):  # type: ignore[no-untyped-def]
        try:
            return await pending
        except ReportingUnavailable as exc:
            raise Unavailable(
                "Look-ups are unavailable right now; retry later.",
                "Tra cứu tạm thời không khả dụng.",
                retry_after=self.retry_after,
            ) from exc
