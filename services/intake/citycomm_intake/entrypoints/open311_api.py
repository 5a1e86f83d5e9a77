"""Open311 GeoReport v2 under /open311/v2/: citizen-feedback categories are its services.

Extensions (documented in the discovery document): `page_size`/`page_token` with a `Link: rel="next"`
header on GET requests, `extended_status`/`overdue` on every request beside open/closed, and GET
consultations (the drafts open to the public for comment, decision 0112).
Requests are identified by their tracking code, so a GET by id is open to whoever holds it. Without a
key, GET requests lists citizens' requests as the public may see them, identified by inquiry id."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from citycomm.v1 import reporting_pb2
from citycomm_common.moments import parse_day, parse_moment
from citycomm_intake.domain.attachments import TooLarge as PayloadTooLarge
from citycomm_intake.domain.errors import (
    Forbidden,
    IntakeError,
    Invalid,
    NotFound,
    OutcomeUnknown,
)
from citycomm_intake.entrypoints import open311_format as fmt_
from citycomm_intake.entrypoints import problems
from citycomm_intake.entrypoints.dependencies import Deps, client_address
from citycomm_intake.entrypoints.links import link
from citycomm_intake.entrypoints.open311_docs import (
    CONSULTATIONS,
    DISCOVERY,
    POST_BODY,
    POST_FORM,
    REQUESTS,
    SERVICE_DEFINITION,
    SERVICES,
)
from citycomm_intake.entrypoints.open311_submit import feedback_from_form, with_ward_field
from citycomm_intake.entrypoints.page_consultations import consultation_page
from citycomm_intake.entrypoints.uploads import MAX_COUNT, MAX_FIELDS, files_of, place, uploads_in
from citycomm_intake.service_layer.attachments import linked

PREFIX = "/open311/v2"
UPLOAD_PATHS = (f"{PREFIX}/requests.json", f"{PREFIX}/requests.xml")  # POST may carry `media` files
Format = Literal["json", "xml"]
MAX_IDS = 50
PUBLIC_PAGE_SIZE = 100  # without a key, at most this many requests a page
_INQUIRY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
Jurisdiction = Annotated[str | None, Query(max_length=100)]


def respond(
    fmt: str, root: str, body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    if fmt == "xml":
        return Response(fmt_.to_xml(root, body), status, headers, media_type="text/xml; charset=utf-8")
    return JSONResponse(body, status, headers)


def error_response(
    path: str, status: int, *descriptions: str, headers: dict[str, str] | None = None
) -> Response:
    fmt = "xml" if path.endswith(".xml") else "json"
    return respond(fmt, "errors", fmt_.errors(status, *descriptions), status, headers)


def _moment(field: str, text: str | None) -> str:
    """A w3c date-time (or a date) within the years we answer for, as reporting reads it."""
    if not text:
        return ""
    try:
        (parse_day if len(text) == 10 else parse_moment)(text)
    except ValueError as exc:
        raise Invalid.field(field, str(exc), "Thời điểm không hợp lệ hoặc ngoài khoảng 1970-2099.") from exc
    return text


def open311_error(path: str, exc: IntakeError) -> Response:
    """Our errors in Open311's words: 400 for bad input, 403 for keys, 404, 429 and 503 as they are."""
    status = {401: 403, 422: 400}.get(exc.status, exc.status)
    descriptions = [f"{v.field}: {v.message}" for v in exc.violations] or [exc.detail]
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
    if isinstance(exc, OutcomeUnknown):  # the detail names the key and the service_request_id
        headers["Idempotency-Key"] = exc.retry.idempotency_key
    return error_response(path, status, *descriptions, headers=headers or None)


def install_errors(app: FastAPI) -> None:
    """Under /open311/ every error is Open311's `[{code, description}]`; elsewhere a problem."""

    def under_open311(request: Request) -> bool:
        return request.url.path.startswith(PREFIX + "/")

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        if not under_open311(request):
            return await problems.on_validation(request, exc)
        found = problems.field_errors(exc.errors())
        return error_response(request.url.path, 400, *[f"{v.field}: {v.message}" for v in found])

    async def on_intake_error(request: Request, exc: IntakeError) -> Response:
        if not under_open311(request):
            return await problems.on_intake_error(request, exc)
        return open311_error(request.url.path, exc)

    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        if not under_open311(request):
            return await problems.on_http_error(request, exc)
        return error_response(request.url.path, exc.status_code, str(exc.detail))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        response = await problems.on_unexpected(request, exc)
        return error_response(request.url.path, 500, "internal error") if under_open311(request) else response

    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(IntakeError, on_intake_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_unexpected)


def _jurisdiction(deps: Deps, jurisdiction_id: str | None) -> None:
    if jurisdiction_id and jurisdiction_id != deps.settings.open311_jurisdiction_id:
        raise NotFound(f"jurisdiction_id {jurisdiction_id!r} not found")


async def _limit(request: Request, deps: Deps) -> None:
    """Anonymous look-ups share the citizens' per-address rate limit."""
    await deps.callers.limit_citizen(client_address(request))


def open311_router() -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["open311"])

    @router.get("/discovery.{fmt}", responses=DISCOVERY)
    async def discovery(fmt: Format, request: Request, deps: Deps) -> Response:
        """Where the endpoint is, which formats it speaks, and its extensions."""
        base = str(request.url_for("services", fmt="json")).removesuffix("/services.json")
        return respond(
            fmt,
            "discovery",
            {
                "changeset": "2026-01-01T00:00:00+07:00",
                "contact": "CityComm operators",
                "key_service": "API keys are issued by the operators (citycomm-intake keys create)",
                "endpoints": [
                    {
                        "specification": fmt_.SPEC,
                        "url": base,
                        "changeset": "2026-01-01T00:00:00+07:00",
                        "type": "production",
                        "formats": ["application/json", "text/xml"],
                    }
                ],
                "extensions": "page_size and page_token on GET requests (Link rel=next); extended_status and "
                "overdue on each request; without api_key, GET requests lists citizens' requests as the "
                "public may see them, by inquiry id; GET consultations lists the drafts open to the public "
                "for comment, each with comment_url and page_url",
            },
        )

    @router.get("/services.{fmt}", name="services", responses=SERVICES)
    async def services(fmt: Format, deps: Deps, jurisdiction_id: Jurisdiction = None) -> Response:
        """The citizen-feedback categories."""
        _jurisdiction(deps, jurisdiction_id)
        body = [fmt_.service(c, deps.settings.open311_jurisdiction_id) for c in deps.categories.values()]
        return respond(fmt, "services", body)

    @router.get("/consultations.{fmt}", responses=CONSULTATIONS)
    async def consultations(fmt: Format, request: Request, deps: Deps,
                            jurisdiction_id: Jurisdiction = None) -> Response:
        """Drafts open to the public for comment now, closing soonest first (issue 20; a CityComm
        extension beside GeoReport's resources: comment through `comment_url` or `page_url`)."""
        _jurisdiction(deps, jurisdiction_id)
        await _limit(request, deps)
        found = await deps.lookups.open_consultations()
        body = [fmt_.consultation(c, link(request, "comment_on_consultation", "consultation_id",
                                          c.consultation_id),
                                  str(request.base_url).rstrip("/") + consultation_page(c.consultation_id))
                for c in found]
        return respond(fmt, "consultations", body)

    @router.get("/services/{service_code}.{fmt}", responses=SERVICE_DEFINITION)
    async def service_definition(
        service_code: Annotated[str, Path(max_length=64)],
        fmt: Format,
        deps: Deps,
        jurisdiction_id: Jurisdiction = None,
    ) -> Response:
        """The fields of one service: the ward (required) and a title."""
        _jurisdiction(deps, jurisdiction_id)
        category = deps.categories.get(service_code)
        if category is None:
            raise NotFound(f"service_code {service_code!r} not found")
        return respond(fmt, "service_definition", fmt_.definition(category, deps.wards))

    @router.post("/requests.{fmt}", status_code=201, responses=POST_BODY, openapi_extra=POST_FORM)
    async def create_request(fmt: Format, request: Request, deps: Deps) -> Response:
        """File a citizen's report (form-encoded as in the spec, or JSON); `api_key` is required."""
        form, uploads = await _form(request, deps.settings.max_body_bytes)
        _jurisdiction(deps, form.get("jurisdiction_id"))
        principal = await deps.callers.authenticate(form.get("api_key") or request.headers.get("X-API-Key"))
        if principal.anonymous:
            raise Forbidden("api_key was not provided")
        if form.get("service_code") not in deps.categories:
            raise Invalid.field("service_code", "not found: see GET services", "Không có lĩnh vực này.")
        feedback = feedback_from_form(form)
        point = place(form.get("lat"), form.get("long"), deps.bounds)
        try:
            deps.submissions.check(principal, feedback)  # refused before any file is stored
        except Invalid as exc:
            raise with_ward_field(exc, form) from exc
        refs = await deps.attachments.store(await files_of(uploads))
        if form.get("media_url"):
            refs.append(linked(form["media_url"]))
        deps.attachments.check_count(refs)
        try:
            receipt = await deps.submissions.submit(
                principal, feedback, request.headers.get("Idempotency-Key"), channel="open311",
                attachments=refs, location=point,
            )
        except Invalid as exc:
            raise with_ward_field(exc, form) from exc
        notice = "Đã tiếp nhận; tra cứu bằng mã này / received; follow it with this id"
        return respond(
            fmt,
            "service_requests",
            [{"service_request_id": receipt.tracking_code, "service_notice": notice, "account_id": None}],
            201,
        )

    @router.get("/requests.{fmt}", responses=REQUESTS)
    async def list_requests(
        fmt: Format,
        request: Request,
        deps: Deps,
        jurisdiction_id: Jurisdiction = None,
        service_request_id: Annotated[str | None, Query(max_length=2000)] = None,
        service_code: Annotated[str | None, Query(max_length=64)] = None,
        status: Literal["open", "closed"] | None = None,
        start_date: Annotated[str | None, Query(max_length=40)] = None,
        end_date: Annotated[str | None, Query(max_length=40)] = None,
        api_key: Annotated[str | None, Query(max_length=200)] = None,
        page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
        page_token: Annotated[str | None, Query(max_length=500)] = None,
    ) -> Response:
        """Requests by id (anyone holding the ids); the caller's own with an api_key; without one,
        citizens' requests as the public may see them (no personal data, none of their words; at most
        PUBLIC_PAGE_SIZE a page, rate-limited like citizens). Paginated."""
        _jurisdiction(deps, jurisdiction_id)
        if service_request_id:
            await _limit(request, deps)
            found = [await _by_id(deps, i.strip()) for i in service_request_id.split(",")[:MAX_IDS]]
            return respond(fmt, "service_requests", [r for r in found if r])
        principal = await deps.callers.authenticate(api_key or request.headers.get("X-API-Key"))
        query = reporting_pb2.ListInquiriesRequest(
            category=service_code or "",
            received_from=_moment("start_date", start_date),
            received_to=_moment("end_date", end_date),
            page_size=page_size,
            page_token=page_token or "",
        )
        if principal.anonymous:
            await _limit(request, deps)
            query.page_size = min(page_size, PUBLIC_PAGE_SIZE)
            page = await deps.lookups.public_feedback(query)
            body = [fmt_.public_request(s, deps.categories, deps.wards) for s in page.inquiries]
        else:
            page = await deps.lookups.inquiries(principal, query)
            body = [fmt_.request(s, deps.categories, deps.wards) for s in page.inquiries]
        body = [r for r in body if status is None or r["status"] == status]
        headers = _next_link(request, page.next_page_token)
        return respond(fmt, "service_requests", body, headers=headers)

    @router.get("/requests/{service_request_id}.{fmt}", responses=REQUESTS)
    async def get_request(
        service_request_id: Annotated[str, Path(max_length=40)],
        fmt: Format,
        request: Request,
        deps: Deps,
        jurisdiction_id: Jurisdiction = None,
    ) -> Response:
        """One request by its id: the tracking code (what its submitter holds), or the inquiry id the
        public listing shows (then only what the public may see)."""
        _jurisdiction(deps, jurisdiction_id)
        await _limit(request, deps)
        found = await _by_id(deps, service_request_id)
        if found is None:
            raise NotFound(f"service_request_id {service_request_id!r} not found")
        return respond(fmt, "service_requests", [found])

    return router


async def _by_id(deps: Deps, service_request_id: str) -> dict[str, Any] | None:
    """The request a tracking code names (as its holder sees it), or an inquiry id (as anyone does)."""
    try:
        if _INQUIRY_ID.fullmatch(service_request_id):
            found = await deps.lookups.public_feedback_item(service_request_id)
            return fmt_.public_request(found, deps.categories, deps.wards)
        return fmt_.request(await deps.lookups.track(service_request_id), deps.categories, deps.wards)
    except NotFound:
        return None


def _next_link(request: Request, token: str) -> dict[str, str] | None:
    if not token:
        return None
    query = dict(request.query_params) | {"page_token": token}
    return {
        "Link": f'<{request.url.replace(query=urlencode(query))}>; rel="next"',
        "X-Next-Page-Token": token,
    }


async def _form(request: Request, max_bytes: int) -> tuple[dict[str, str], list[UploadFile]]:
    """The POST body as flat fields: form-encoded (the spec), a JSON object of strings, or multipart
    with `media` files (up to the upload bound; the others to `max_bytes`)."""
    if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_COUNT + 1, max_fields=MAX_FIELDS)
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return fields, uploads_in(form, "media")
    body = await request.body()
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"At most {max_bytes} bytes without files.",
                              f"Tối đa {max_bytes} byte khi không gửi tệp.")
    return _fields(request, body), []


def _fields(request: Request, body: bytes) -> dict[str, str]:
    if b"json" in request.headers.get("content-type", "").encode().lower():
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:
            raise Invalid.field("body", "not valid JSON") from exc
        if not isinstance(data, dict):
            raise Invalid.field("body", "expected an object of fields")
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=100, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Invalid.field("body", "not a valid form") from exc
    return dict(pairs)
