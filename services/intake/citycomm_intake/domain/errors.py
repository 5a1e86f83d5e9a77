"""What can go wrong at the door, independent of the interface that reports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    field: str
    message: str
    message_vi: str = ""


class IntakeError(Exception):
    """A caller-visible failure; each interface maps it to its own status (HTTP, gRPC, Open311)."""

    status = 400
    code = "invalid"
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        detail_vi: str = "",
        violations: list[Violation] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_vi = detail_vi
        self.violations = violations or []
        self.retry_after = retry_after


class Invalid(IntakeError):
    status, code, title = 422, "invalid", "Invalid request"

    @classmethod
    def field(cls, field: str, message: str, message_vi: str = "") -> Invalid:
        return cls(
            "Some fields are missing or invalid.",
            "Một số trường bị thiếu hoặc không hợp lệ.",
            [Violation(field, message, message_vi)],
        )


class Unauthenticated(IntakeError):
    status, code, title = 401, "unauthenticated", "Authentication required"


class Forbidden(IntakeError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(IntakeError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(IntakeError):
    """An Idempotency-Key reused with a different request (draft-ietf-httpapi-idempotency-key)."""

    status, code, title = 422, "conflict", "Idempotency-Key reused with a different request"


class RateLimited(IntakeError):
    status, code, title = 429, "rate_limited", "Too many requests"


class Unavailable(IntakeError):
    """A dependency (broker, read model) did not answer: retry later, with the same key."""

    status, code, title = 503, "unavailable", "Service unavailable"


@dataclass(frozen=True)
class RetryWith:
    """What a retry needs to land on the same inquiry: the key, and what the inquiry will be."""

    idempotency_key: str
    inquiry_id: str
    tracking_code: str


class OutcomeUnknown(Unavailable):
    """A submission that was not confirmed in time. A produce that timed out may still reach the
    broker later, so it may or may not have been recorded; a retry with `retry.idempotency_key`
    (the client's, or the one intake chose) lands on the same inquiry, never on a second one."""

    def __init__(self, retry: RetryWith, retry_after: int) -> None:
        super().__init__(
            "The platform could not confirm in time that your inquiry was recorded: it may or may "
            f"not have been. Send the same request again with Idempotency-Key: {retry.idempotency_key} "
            f"and you get the same inquiry (tracking code {retry.tracking_code}), never a second one.",
            "Hệ thống chưa xác nhận kịp yêu cầu của bạn đã được ghi nhận hay chưa. Hãy gửi lại đúng "
            f"yêu cầu này với Idempotency-Key: {retry.idempotency_key}; bạn sẽ nhận lại chính yêu cầu "
            f"đó (mã tra cứu {retry.tracking_code}), không tạo yêu cầu thứ hai.",
            retry_after=retry_after,
        )
        self.retry = retry
