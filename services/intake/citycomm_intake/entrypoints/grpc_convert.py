"""gRPC messages to the validated models the REST API uses, and intake errors to gRPC statuses."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import grpc
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from pydantic import BaseModel, TypeAdapter, ValidationError

from citycomm.v1 import intake_pb2
from citycomm_common.contracts import from_timestamp
from citycomm_common.moments import RANGE
from citycomm_intake.domain.errors import IntakeError, Invalid
from citycomm_intake.domain.submissions import AnySubmission, Submission
from citycomm_intake.entrypoints.problems import field_errors

_SUBMISSION = TypeAdapter(Submission)
T = TypeVar("T")
_KEY = re.compile(r"[\x21-\x7e]{1,200}")  # as the REST API's Idempotency-Key header
STATUS = {
    400: grpc.StatusCode.INVALID_ARGUMENT,
    401: grpc.StatusCode.UNAUTHENTICATED,
    403: grpc.StatusCode.PERMISSION_DENIED,
    404: grpc.StatusCode.NOT_FOUND,
    422: grpc.StatusCode.INVALID_ARGUMENT,
    429: grpc.StatusCode.RESOURCE_EXHAUSTED,
    503: grpc.StatusCode.UNAVAILABLE,
}


def fields(message: Message, *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """Set fields only: proto3's empty defaults mean "not given", as an absent JSON field does."""
    data = MessageToDict(message, preserving_proto_field_name=True)
    return {k: v for k, v in data.items() if k not in drop}


def submission(item: intake_pb2.Submission) -> AnySubmission:
    kind = item.WhichOneof("inquiry")
    if kind is None:
        raise Invalid.field("inquiry", "one kind of inquiry must be set", "Cần chọn một loại yêu cầu.")
    data = fields(getattr(item, kind), drop=("detected_at", "detected_time"))
    if kind == "media_alert":
        data |= _detected(item.media_alert)
    return validated(lambda: _SUBMISSION.validate_python({"kind": kind, **data}))


def _detected(alert: intake_pb2.Submission.MediaAlert) -> dict[str, Any]:
    """When the news appeared, as the model's detected_at.

    A client of the previous release sends detected_at only: its text is validated as it always was
    (`contracts.upgrade` would read a time without an offset as UTC, and drop one it cannot read).
    """
    if alert.HasField("detected_time"):
        try:
            return {"detected_at": from_timestamp(alert.detected_time)}
        except (OverflowError, ValueError):  # past year 9999 in the city's zone
            raise Invalid.field(
                "media_alert.detected_at", f"must be {RANGE}", "Thời điểm ngoài khoảng 1970-2099."
            ) from None
    return {"detected_at": alert.detected_at} if alert.detected_at else {}


def idempotency_key(value: str) -> str | None:
    """The key as REST takes it: 1-200 visible ASCII characters (a 503 hands it back in metadata)."""
    if value and not _KEY.fullmatch(value):
        raise Invalid.field(
            "idempotency_key",
            "1-200 visible ASCII characters, as the Idempotency-Key header",
            "Idempotency-Key gồm 1–200 ký tự ASCII in được.",
        )
    return value or None


def action(model: type[BaseModel], request: Message) -> Any:
    return validated(lambda: model.model_validate(fields(request, drop=("inquiry_id", "wait_seconds"))))


def validated(build: Callable[[], T]) -> T:
    """Run a pydantic validation; its errors become an Invalid naming each field (kind.field)."""
    try:
        return build()
    except ValidationError as exc:
        raise Invalid(
            "Some fields are missing or invalid.",
            "Một số trường bị thiếu hoặc không hợp lệ.",
            field_errors(exc.errors()),
        ) from exc


def violations(exc: IntakeError) -> list[intake_pb2.FieldViolation]:
    return [
        intake_pb2.FieldViolation(field=v.field, message=v.message, message_vi=v.message_vi)
        for v in exc.violations
    ]


def details(exc: IntakeError) -> str:
    """One line for the status details: the problem and each field's message."""
    return "; ".join([exc.detail, *(f"{v.field}: {v.message}" for v in exc.violations)])[:2000]
