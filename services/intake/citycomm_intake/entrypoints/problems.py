"""Errors as RFC 9457 problem details, with English and Vietnamese messages per field; never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from citycomm_intake.domain.errors import IntakeError, Violation

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"

# Vietnamese for the validation errors a caller most often meets (pydantic error types).
_VI = {
    "missing": "Trường này là bắt buộc.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài.",
    "too_long": "Quá dài hoặc quá nhiều phần tử.",
    "too_short": "Quá ít phần tử.",
    "string_pattern_mismatch": "Sai định dạng.",
    "extra_forbidden": "Trường không được phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "union_tag_invalid": "Loại yêu cầu (kind) không hợp lệ.",
    "union_tag_not_found": "Thiếu loại yêu cầu (kind).",
    "value_error": "Giá trị không hợp lệ.",
    "url_parsing": "Địa chỉ URL không hợp lệ.",
    "url_scheme": "URL phải bắt đầu bằng http hoặc https.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (YYYY-MM-DD).",
    "timezone_aware": "Thời điểm phải có múi giờ.",
    "json_invalid": "JSON không hợp lệ.",
}


class FieldProblem(BaseModel):
    field: str
    message: str
    message_vi: str = ""


class Problem(BaseModel):
    """RFC 9457 problem details; `errors` lists what is wrong with each field."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    detail_vi: str = ""
    errors: list[FieldProblem] = []


def problem(
    status: int, title: str, detail: str = "", headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def from_error(exc: IntakeError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    if exc.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="citycomm"'}
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        headers,
        detail_vi=exc.detail_vi,
        errors=[violation(v) for v in exc.violations],
    )


def violation(v: Violation) -> dict[str, str]:
    return {"field": v.field, "message": v.message, "message_vi": v.message_vi}


def field_errors(errors: Any) -> list[Violation]:
    """pydantic's errors as fields in dotted form (`contact.email`), with Vietnamese messages."""
    found = []
    for error in errors:
        parts = [str(p) for p in error["loc"] if p not in ("body",)]
        message = str(error["msg"]).removeprefix("Value error, ")
        found.append(Violation(".".join(parts), message, _VI.get(error["type"], "Giá trị không hợp lệ.")))
    return found


async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    violations = field_errors(exc.errors())
    missing_key = any(
        e["type"] == "missing" and [str(p).lower() for p in e["loc"]] == ["header", "idempotency-key"]
        for e in exc.errors()
    )
    return problem(
        400 if missing_key else 422,
        "Invalid request",
        "Some fields are missing or invalid.",
        detail_vi="Một số trường bị thiếu hoặc không hợp lệ.",
        errors=[violation(v) for v in violations],
    )


async def on_intake_error(_: Request, exc: IntakeError) -> JSONResponse:
    return from_error(exc)


async def on_http_error(_: Request, exc: HTTPException) -> JSONResponse:
    return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "Internal error", "The error was logged; please retry later.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(IntakeError, on_intake_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problems a route may answer."""
    return {
        s: {"model": Problem, "content": {PROBLEM: {}}, "description": _DESCRIPTIONS.get(s, "Problem")}
        for s in statuses
    }


_DESCRIPTIONS = {
    400: "Malformed request (e.g. missing Idempotency-Key)",
    401: "Missing, unknown or revoked API key",
    403: "The caller's role may not do this",
    404: "Not found, or not visible to the caller",
    413: "Body too large",
    422: "Invalid fields, or an Idempotency-Key reused with a different body",
    429: "Rate limited (anonymous callers); see Retry-After",
    503: "Broker or read model unavailable; retry after Retry-After with the same Idempotency-Key",
}
