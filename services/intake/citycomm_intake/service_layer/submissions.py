"""Submitting an inquiry (REST, gRPC, Open311 alike): check it, name it, remember its key, record it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from citycomm.v1 import attachments_pb2
from citycomm_common.clock import Clock
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_intake.domain.commands import kind_of, submit_command
from citycomm_intake.domain.errors import Conflict, Forbidden, OutcomeUnknown, RetryWith, Unavailable
from citycomm_intake.domain.geo import Point
from citycomm_intake.domain.identity import chosen_key, inquiry_id, tracking_code
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.references import References
from citycomm_intake.domain.submissions import AnySubmission, FeedbackIn, unset_additions
from citycomm_intake.service_layer.ports import Keys, Publisher, publish


@dataclass(frozen=True)
class Receipt:
    inquiry_id: str
    tracking_code: str
    command_id: str


def fingerprint(submission: AnySubmission | FeedbackIn,
                attachments: Sequence[attachments_pb2.Attachment] = (), location: Point | None = None) -> str:
    """The request as validated and normalised, so NFC or spacing differences are the same request;
    its attachments (by content) and place only when it has them, so older records still match."""
    body = submission.model_dump_json(exclude=unset_additions(submission))
    extra = "".join(f"\x1f{a.sha256 or a.media_url}" for a in attachments)
    if location is not None:
        extra += f"\x1f{location.lat!r},{location.long!r}"
    return hashlib.sha256(f"{kind_of(submission)}\x1f{body}{extra}".encode()).hexdigest()


class Submissions:
    def __init__(
        self,
        *,
        publisher: Publisher,
        keys: Keys,
        references: References,
        clock: Clock,
        tracking_secret: bytes,
        retry_after: int = 5,
    ) -> None:
        self.publisher, self.keys, self.references, self.clock = publisher, keys, references, clock
        self._secret = tracking_secret
        self.retry_after = retry_after

    async def submit(
        self,
        principal: Principal,
        submission: AnySubmission | FeedbackIn,
        idempotency_key: str | None,
        channel: str,
        *,
        attachments: Sequence[attachments_pb2.Attachment] = (),
        location: Point | None = None,
    ) -> Receipt:
        """`attachments` from `Attachments.store` (or `linked`), `location` from `geo.point`."""
        now = self.clock.now()
        ward_code = self.check(principal, submission)
        key = idempotency_key or chosen_key()  # a sent key and a chosen one work the same way
        digest = fingerprint(submission, attachments, location)
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
        command.attachments.extend(attachments)
        if location is not None:
            command.location.lat, command.location.long = location.lat, location.long
        try:
            if not principal.anonymous:
                await self._remember(principal.scope, key, digest, inquiry)
            await publish(self.publisher, command, self.retry_after)
        except Unavailable as exc:
            raise OutcomeUnknown(RetryWith(key, inquiry, code), self.retry_after) from exc
        return Receipt(inquiry, code, command.command_id)

    def check(self, principal: Principal, submission: AnySubmission | FeedbackIn) -> str:
        """Whether the caller may submit it and its references hold (its ward code): a door calls it
        before storing attachments, so a refused submission leaves no file behind."""
        kind = kind_of(submission)
        if not principal.may_submit(kind):
            raise Forbidden(
                f"A {principal.role.value} may not submit a {kind}.",
                f"Vai trò {principal.role.value} không được gửi loại yêu cầu {kind}.",
            )
        now = self.clock.now()
        ward_code = self.references.ward_code(submission)
        self.references.check(submission, now, now.astimezone(CITY_ZONE).date())
        return ward_code

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
