"""Intake's errors as RFC 9457 problem details (citycomm_common.problems, whose handlers Open311 and
the body limits use too, re-exported here), with its own IntakeError."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from citycomm_common import problems as common
from citycomm_common.problems import on_http_error as on_http_error
from citycomm_common.problems import on_unexpected as on_unexpected
from citycomm_common.problems import problem as problem
from citycomm_intake.domain.errors import IntakeError, OutcomeUnknown, Violation


def from_error(exc: IntakeError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    if exc.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="citycomm"'}
    if isinstance(exc, OutcomeUnknown):
        headers = {**(headers or {}), "Idempotency-Key": exc.retry.idempotency_key}
    return JSONResponse(problem_body(exc), status_code=exc.status, media_type=common.PROBLEM,
                        headers=headers)


def problem_body(exc: IntakeError) -> dict[str, Any]:
    """The RFC 9457 body of an error: a response's whole body, or one item's in a batch."""
    retry: dict[str, str] = {}
    if isinstance(exc, OutcomeUnknown):  # the key to retry with, and what the inquiry will be
        retry = asdict(exc.retry)
    return {"type": "about:blank", "title": exc.title, "status": exc.status, "detail": exc.detail,
            "detail_vi": exc.detail_vi, "errors": [violation(v) for v in exc.violations], **retry}


def violation(v: Violation) -> dict[str, str]:
    return {"field": v.field, "message": v.message, "message_vi": v.message_vi}


def field_errors(errors: Any) -> list[Violation]:
    """pydantic's errors as fields in dotted form (`contact.email`), with Vietnamese messages."""
    return [Violation(f.field, f.message, f.message_vi) for f in common.field_problems(errors)]


async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    missing_key = any(
        e["type"] == "missing" and [str(p).lower() for p in e["loc"]] == ["header", "idempotency-key"]
        for e in exc.errors()
    )
    return common.invalid(common.field_problems(exc.errors()), 400 if missing_key else 422)


async def on_intake_error(_: Request, exc: IntakeError) -> JSONResponse:
    return from_error(exc)


def install(app: FastAPI, *, undocumented: tuple[str, ...] = ()) -> None:
    common.install(app, undocumented=undocumented)
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(IntakeError, on_intake_error)  # type: ignore[arg-type]


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problems a route may answer."""
    return common.responses(*statuses, described=_DESCRIPTIONS)


_DESCRIPTIONS = {
    400: "Malformed request (e.g. missing Idempotency-Key)",
    401: "Missing, unknown or revoked API key",
    422: "Invalid fields, or an Idempotency-Key reused with a different body",
    503: "Broker, key database or read model unavailable. On a submission the outcome is unknown (it "
    "may still be recorded): the problem carries `idempotency_key` (also the `Idempotency-Key` "
    "header; intake's choice when none was sent), `inquiry_id` and `tracking_code`; retry after "
    "Retry-After with that key and the same body to land on the same inquiry",
}
