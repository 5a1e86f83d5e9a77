"""Errors as RFC 9457 problem details (`application/problem+json`) for every HTTP service; never a bare 500.

`install(app)` answers FastAPI's validation errors, every `HTTPException` (ours and Starlette's) and
anything unexpected as a problem, and serves an OpenAPI whose error responses say so; a route
documents the errors it can answer with `responses=responses(401, 404, …)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}

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
    "date_out_of_range": "Ngày phải trong khoảng 1970-01-01 đến 2099-12-31.",
    "json_invalid": "JSON không hợp lệ.",
}
INVALID_TITLE = "Invalid request"
INVALID_DETAIL = "Some fields are missing or invalid."
INVALID_DETAIL_VI = "Một số trường bị thiếu hoặc không hợp lệ."


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


def field_problems(errors: Iterable[Any]) -> list[FieldProblem]:
    """pydantic's errors as fields in dotted form (`contact.email`), with Vietnamese messages."""
    found = []
    for error in errors:
        parts = [str(p) for p in error["loc"] if p not in ("body",)]
        message = str(error["msg"]).removeprefix("Value error, ")
        found.append(FieldProblem(field=".".join(parts), message=message,
                                  message_vi=_VI.get(error["type"], "Giá trị không hợp lệ.")))
    return found


def invalid(fields: Iterable[FieldProblem], status: int = 422) -> JSONResponse:
    return problem(status, INVALID_TITLE, INVALID_DETAIL, detail_vi=INVALID_DETAIL_VI,
                   errors=[f.model_dump() for f in fields])


async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    return invalid(field_problems(exc.errors()))


async def on_http_error(_: Request, exc: HTTPException) -> JSONResponse:
    """`HTTPException(status, "why")`, ours or Starlette's (404, 405, 413): the status's name as title."""
    return http_problem(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def http_problem(status: int, detail: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    """The status's name as title; a detail that only repeats it (Starlette's "Not Found") is left out."""
    title = title_of(status)
    if detail in ("", title, _phrase(status)):
        detail = _DETAILS.get(status, "")
    return problem(status, title, detail, headers)


def title_of(status: int) -> str:
    """RFC 9110's name of a status (Python before 3.13 has older names for 413 and 422)."""
    return _TITLES.get(status) or _phrase(status) or "Error"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}
_DETAILS = {413: "The request body is larger than this API accepts."}


class PlainTooLarge:
    """Starlette answers a body over a router's `max_body_size` (declared by Content-Length) in plain
    text, past the exception handlers; this answers that 413 as a problem too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replacing = False

        async def send_problem(message: Message) -> None:
            nonlocal replacing
            if message["type"] == "http.response.start" and message["status"] == 413:
                replacing = Headers(raw=message["headers"]).get("content-type", "").startswith("text/plain")
            if not replacing:
                await send(message)
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                await http_problem(413)(scope, receive, send)

        await self.app(scope, receive, send_problem)


async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, "Internal error", "The error was logged; please retry later.")


def install(app: FastAPI, *, undocumented: tuple[str, ...] = ()) -> None:
    """Answer every error as a problem, and document it so (paths under `undocumented` answer otherwise)."""
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_unexpected)
    app.add_middleware(PlainTooLarge)
    app.openapi = documented(app, undocumented)  # type: ignore[method-assign]


def documented(app: FastAPI, undocumented: tuple[str, ...] = ()) -> Callable[[], dict[str, Any]]:
    """FastAPI's OpenAPI with every 4xx/5xx as problem+json only (FastAPI adds its own JSON forms)."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        for path, item in schema.get("paths", {}).items():
            if path.startswith(undocumented):
                continue
            for operation in item.values():
                for code, response in operation.get("responses", {}).items():
                    if code[0] in "45":
                        response["content"] = {PROBLEM: {"schema": PROBLEM_SCHEMA}}
        _with_problem_schema(schema)
        app.openapi_schema = schema
        return schema

    return openapi


def _with_problem_schema(schema: dict[str, Any]) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in schemas:
        found = Problem.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
        schemas.update(found.pop("$defs", {}))
        schemas["Problem"] = found


def responses(*statuses: int, described: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problems a route may answer (`described`: a service's own words)."""
    words = {**DESCRIPTIONS, **(described or {})}
    return {
        s: {"model": Problem, "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}},
            "description": words.get(s, title_of(s))}
        for s in statuses
    }


DESCRIPTIONS = {
    400: "Malformed request (e.g. a body that is not UTF-8 JSON)",
    401: "Missing, unknown or revoked credentials",
    403: "The caller's role may not do this",
    404: "Not found, or not visible to the caller",
    409: "Conflicts with the current state",
    413: "Body too large",
    422: "Invalid fields or parameters",
    429: "Rate limited (anonymous callers); see Retry-After",
    503: "A dependency is unavailable; retry after Retry-After",
}
