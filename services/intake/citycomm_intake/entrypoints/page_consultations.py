"""Open consultations on the public page (issue 20, decision 0112): listed on /gop-y, each on a page of
its own with a form to comment (plain HTML, no JavaScript), sent through the same use case as POST
/v1/consultations/{id}/comments under the citizens' rate limit. A comment after the close gets
routing's reason, in Vietnamese first."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from citycomm.v1 import reporting_pb2
from citycomm_common.contracts import from_timestamp
from citycomm_common.page_language import language_of
from citycomm_intake.domain.consultation_requests import CommentIn
from citycomm_intake.domain.errors import IntakeError, RateLimited
from citycomm_intake.domain.fields import ContactIn
from citycomm_intake.entrypoints import page_forms
from citycomm_intake.entrypoints.dependencies import Deps, client_address
from citycomm_intake.entrypoints.page_forms import FORM_COOKIE, FieldError
from citycomm_intake.entrypoints.page_render import render, translated
from citycomm_intake.service_layer.consultations import Consultations
from citycomm_intake.service_layer.ports import ReportingUnavailable

PATH = "/gop-y/du-thao"
FIELDS = ("text", "article", "theme", "email", "phone", "csrf", "submission_key")
MAX_FIELDS = 20
PAGE_WAIT_SECONDS = 3  # routing's decision, as Prefer: wait=3 (capped by max_wait_seconds)
CONSULTATION_ID = re.compile(r"[0-9A-Za-z-]{1,64}")  # as the REST resource's; anything else: no such page
log = logging.getLogger(__name__)
FIELD_OF = {"contact": "email", "email": "email", "phone": "phone", "text": "text", "article": "article",
            "theme": "theme"}


def consultation_page(consultation_id: str) -> str:
    return f"{PATH}/{consultation_id}"


async def open_to_the_public(deps: Deps) -> list[reporting_pb2.ListedConsultation] | None:
    """The consultations open to the public now; None when reporting cannot say (the page goes on)."""
    try:
        return await deps.lookups.open_consultations()
    except (ReportingUnavailable, IntakeError) as exc:
        log.warning("open consultations unavailable for the public page: %s", exc)
        return None


def _secret(deps: Deps) -> bytes:
    return deps.settings.tracking_secret.get_secret_value().encode()


def _say(request: Request, exc: IntakeError) -> str:
    return exc.detail_vi if language_of(request) == "vi" and exc.detail_vi else exc.detail


def _comment(values: dict[str, str]) -> CommentIn:
    email, phone = values.get("email", "").strip(), values.get("phone", "").strip()
    contact = ContactIn(email=email or None, phone=phone or None, language=None) if email or phone else None
    return CommentIn(text=values.get("text", "").strip(), article=values.get("article", "").strip(),
                     theme=values.get("theme", "").strip(), contact=contact)


def _errors(exc: ValidationError) -> list[FieldError]:
    found: dict[str, FieldError] = {}
    for error in exc.errors():
        location = [str(part) for part in error["loc"]]
        field = next((FIELD_OF[p] for p in reversed(location) if p in FIELD_OF), "text")
        found.setdefault(field, FieldError(field, "Please check this field.", "Vui lòng kiểm tra lại ô này."))
    return list(found.values())


def consultation_router() -> APIRouter:
    router = APIRouter(tags=["public page"], include_in_schema=False)

    async def page(request: Request, deps: Deps, consultation_id: str, status_code: int = 200,
                   values: dict[str, str] | None = None, errors: list[FieldError] | None = None,
                   problem: str = "") -> Response:
        found = await open_to_the_public(deps) if CONSULTATION_ID.fullmatch(consultation_id) else []
        if found is None:
            return render(request, "problem.html", 503, {"Retry-After": "5"}, message=translated(
                request, "The list of consultations is not available right now. Please try again shortly."))
        listed = next((c for c in found if c.consultation_id == consultation_id), None)
        if listed is None:
            return render(request, "problem.html", 404, message=translated(
                request, "This draft is not open for comment (it may have closed)."))
        cookie, token = page_forms.form_token(_secret(deps), request.cookies.get(FORM_COOKIE))
        values = dict(values or {})
        values.setdefault("submission_key", secrets.token_urlsafe(16))
        lang = language_of(request)
        response = render(request, "consultation.html", status_code, consultation=shown(listed),
                          csrf=token, values=values, problem=problem,
                          errors={e.field: e.text(lang) for e in errors or []})
        response.set_cookie(FORM_COOKIE, cookie, max_age=page_forms.FORM_SECONDS, httponly=True,
                            samesite="strict", path="/gop-y", secure=request.url.scheme == "https")
        return response

    @router.get(PATH + "/{consultation_id}")
    async def consultation(consultation_id: str, request: Request, deps: Deps) -> Response:
        return await page(request, deps, consultation_id)

    @router.post(PATH + "/{consultation_id}")
    async def comment(consultation_id: str, request: Request, deps: Deps) -> Response:
        if not CONSULTATION_ID.fullmatch(consultation_id):
            return await page(request, deps, consultation_id)  # no such draft: the 404 page
        try:
            async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
                values = {k: v for k, v in form.items() if isinstance(v, str) and k in FIELDS}
        except (ValueError, UnicodeDecodeError):
            unreadable = translated(request, "The form could not be read.")
            return render(request, "problem.html", 400, message=unreadable)
        if not page_forms.token_matches(_secret(deps), request.cookies.get(FORM_COOKIE), values.get("csrf")):
            message = translated(request, "The form has expired. Please check it and send it again.")
            return await page(request, deps, consultation_id, 400, values, problem=message)
        try:
            body = _comment(values)
        except ValidationError as exc:
            return await page(request, deps, consultation_id, 422, values, _errors(exc))
        uses = Consultations(deps.actions)
        try:
            principal = await deps.callers.identify(None, client_address(request))
            command_id = await uses.comment(principal, consultation_id, body,
                                            page_forms.submission_key(values), channel="public_page")
            accepted = await uses.decided(command_id, min(PAGE_WAIT_SECONDS, deps.settings.max_wait_seconds))
        except RateLimited as exc:
            return render(request, "problem.html", 429, {"Retry-After": str(exc.retry_after)},
                          message=_say(request, exc))
        except IntakeError as exc:  # routing refused it (closed, ...): its reason, in the reader's language
            headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
            return render(request, "problem.html", exc.status, headers, message=_say(request, exc))
        return render(request, "commented.html", counted=accepted is not None, page_url=request.url.path)

    return router


def shown(listed: reporting_pb2.ListedConsultation) -> dict[str, Any]:
    """A consultation as the pages show it."""
    return {"id": listed.consultation_id, "title": listed.title, "summary": listed.summary,
            "agency": listed.drafting_agency_name or listed.drafting_agency_id,
            "opens": from_timestamp(listed.opens_time) if listed.HasField("opens_time") else None,
            "closes": from_timestamp(listed.closes_time) if listed.HasField("closes_time") else None,
            "documents": list(listed.document_links), "url": consultation_page(listed.consultation_id)}


def listing_context(found: list[reporting_pb2.ListedConsultation] | None) -> dict[str, Any]:
    """What /gop-y shows of the open consultations (None: reporting could not say)."""
    return {"consultations": [shown(c) for c in found or []], "consultations_unknown": found is None}
