"""What the use cases need from the edges (the broker, reporting's read model, the key database),
and how an edge that does not answer reaches the caller: 503 with Retry-After."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Protocol, TypeVar

from google.protobuf.message import Message

from citycomm.v1 import reporting_pb2
from citycomm_intake.domain.errors import Unavailable
from citycomm_intake.domain.principals import Principal

T = TypeVar("T")


class BrokerUnavailable(RuntimeError):
    """The command was not acknowledged in time; the client should retry with the same key."""


class ReportingUnavailable(RuntimeError):
    """Reporting's read model did not answer."""


class Publisher(Protocol):
    async def publish(self, command: Message) -> None: ...  # raises BrokerUnavailable


class Reporting(Protocol):
    """Reporting's read model; raises ReportingUnavailable, or ValueError for a page token not its own."""

    async def inquiry(
        self, *, inquiry_id: str = "", tracking_code: str = ""
    ) -> reporting_pb2.InquiryStatus | None: ...
    async def inquiries(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse: ...
    async def outcome(self, command_id: str) -> reporting_pb2.CommandOutcome | None: ...
    async def consultations(
        self, request: reporting_pb2.ListConsultationsRequest
    ) -> reporting_pb2.ListConsultationsResponse: ...


class Keys(Protocol):
    """API keys and the first use of each Idempotency-Key."""

    async def authenticate(self, presented: str) -> Principal | None: ...
    async def remember(
        self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime
    ) -> str: ...


class KeyDatabase(Keys, Protocol):
    """Where the keys are kept: also purged of old Idempotency-Keys, and asked whether it answers."""

    async def purge_idempotency_keys(self, before: datetime, limit: int) -> int: ...
    async def ping(self) -> bool: ...


async def publish(publisher: Publisher, command: Message, retry_after: int) -> None:
    try:
        await publisher.publish(command)
    except BrokerUnavailable as exc:
        raise Unavailable(
            "The platform cannot record this right now; retry with the same Idempotency-Key.",
            "Hệ thống tạm thời không ghi nhận được; vui lòng thử lại với cùng Idempotency-Key.",
            retry_after=retry_after,
        ) from exc


async def read(pending: Awaitable[T], retry_after: int) -> T:
    """A look-up in reporting's read model, or 503 if it does not answer."""
    try:
        return await pending
    except ReportingUnavailable as exc:
        raise Unavailable(
            "Look-ups are unavailable right now; retry later.",
            "Tra cứu tạm thời không khả dụng.",
            retry_after=retry_after,
        ) from exc
