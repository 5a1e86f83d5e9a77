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
