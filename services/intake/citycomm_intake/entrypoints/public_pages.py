"""The citizen's door for those who will not install anything (issue 18, decision 0107): a page in
Vietnamese (English on a switch) to send feedback or an information request and to follow it by
tracking code. Plain HTML forms that work without JavaScript; the submission goes through the same
use case as POST /v1/inquiries, under the same citizen rate limit, and every error is a page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.types import Scope

from citycomm_common.page_language import language_of
from citycomm_intake.domain import attachments
from citycomm_intake.domain.attachments import TooLarge, UnsupportedMedia
from citycomm_intake.domain.errors import IntakeError, Invalid, RateLimited
from citycomm_intake.entrypoints import page_forms
from citycomm_intake.entrypoints.dependencies import Deps, client_address
from citycomm_intake.entrypoints.page_consultations import (
    consultation_router,
    listing_context,
    open_to_the_public,
)
from citycomm_intake.entrypoints.page_forms import FORM_COOKIE, FieldError, FormInvalid
from citycomm_intake.entrypoints.page_render import render, translated
from citycomm_intake.entrypoints.page_views import N_, choices, follow_view
from citycomm_intake.entrypoints.views import public_view

PATH = "/gop-y"
FOLLOW = f"{PATH}/tra-cuu"
MAX_FIELDS = 30
MAX_BYTES = attachments.MAX_BYTES + 128 * 1024  # one photo and the text fields' bounds with room
MAX_CODE = 40


def _secret(deps: Deps) -> bytes:
    return deps.settings.tracking_secret.get_secret_value().encode()


def form_page(request: Request, deps: Deps, status_code: int = 200, values: dict[str, str] | None = None,
              errors: list[FieldError] | None = None, problem: str = "",
              listing: dict[str, Any] | None = None) -> Response:
    """The form, empty or as sent with its errors; the anti-forgery cookie set beside it; and, on the
    first visit (`listing`), the drafts open for comment (issue 20)."""
    cookie, token = page_forms.form_token(_secret(deps), request.cookies.get(FORM_COOKIE))
    values = dict(values or {})
    values.setdefault("submission_key", secrets.token_urlsafe(16))  # a second click: the same inquiry
    lang = language_of(request)
    response = render(request, "submit.html", status_code, csrf=token, values=values, problem=problem,
                      errors={e.field: e.text(lang) for e in errors or []}, **choices(deps, lang),
                      **(listing or listing_context([])))
    response.set_cookie(FORM_COOKIE, cookie, max_age=page_forms.FORM_SECONDS, httponly=True,
                        samesite="strict", path=PATH, secure=request.url.scheme == "https")
    return response


def problem_page(request: Request, status_code: int, message: str,
                 retry_after: int | None = None) -> Response:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return render(request, "problem.html", status_code, headers, message=message)


def refused_page(scope: Scope, status_code: int) -> Response:
    """The body limits' refusal of a form (413) as a page in the reader's language."""
    message = N_("The form is too large: shorten the text or choose a smaller photo.")
    return problem_page(Request(scope), status_code, translated(Request(scope), message))


def _say(request: Request, exc: IntakeError) -> str:
    return exc.detail_vi if language_of(request) == "vi" and exc.detail_vi else exc.detail


@dataclass(frozen=True)
class Posted:
    values: dict[str, str]
    photo: bytes  # empty: none chosen


async def _form(request: Request) -> Posted | None:
    """The posted fields as text and the photo, bounded in number (the body limit bounds their size);
    None when the form cannot be read."""
    try:
        async with request.form(max_files=1, max_fields=MAX_FIELDS) as form:
            values = {k: v for k, v in form.items() if isinstance(v, str) and k in page_forms.TEXT_FIELDS}
            upload = form.get("photo")
            photo = await upload.read() if isinstance(upload, UploadFile) else b""
    except (MultiPartException, ValueError, UnicodeDecodeError):
        return None
    return Posted(values, photo)


def public_pages_router() -> APIRouter:
    router = APIRouter(tags=["public page"], include_in_schema=False)

    @router.get("/")
    async def home() -> Response:
        return RedirectResponse(PATH, status_code=303)

    @router.get(PATH)
    async def form(request: Request, deps: Deps) -> Response:
        return form_page(request, deps, listing=listing_context(await open_to_the_public(deps)))

    @router.post(PATH)
    async def submit(request: Request, deps: Deps) -> Response:
        posted = await _form(request)
        if posted is None:
            return problem_page(request, 400, translated(request, "The form could not be read."))
        values = posted.values
        if not page_forms.token_matches(_secret(deps), request.cookies.get(FORM_COOKIE), values.get("csrf")):
            message = translated(request, "The form has expired. Please check it and send it again.")
            return form_page(request, deps, 400, values, problem=message)
        try:
            principal = await deps.callers.identify(None, client_address(request))
            submission = page_forms.submission_from(values, language_of(request))
            place = page_forms.place_from(values, deps.bounds)
            # Stored only once the form is valid; by the hash of what is stored, so a resend is one file.
            photos = await deps.attachments.store([posted.photo]) if posted.photo else []
            receipt = await deps.submissions.submit(principal, submission, page_forms.submission_key(values),
                                                    channel="web", attachments=photos, location=place)
        except RateLimited as exc:
            return problem_page(request, 429, _say(request, exc), exc.retry_after)
        except FormInvalid as exc:
            return form_page(request, deps, 422, values, exc.errors)
        except Invalid as exc:
            return form_page(request, deps, 422, values, page_forms.from_violations(exc.violations),
                             problem=_say(request, exc))
        except (UnsupportedMedia, TooLarge) as exc:
            photo = FieldError("photo", exc.detail, exc.detail_vi)
            return form_page(request, deps, exc.status, values, [photo])
        except IntakeError as exc:
            return problem_page(request, exc.status, _say(request, exc), exc.retry_after)
        return render(request, "received.html", tracking_code=receipt.tracking_code, kind=submission.kind)

    @router.get(FOLLOW)
    async def follow(request: Request, deps: Deps, ma: str = "") -> Response:
        code = ma.strip()[:MAX_CODE]  # longer is no code of ours: not found
        if not code:
            return render(request, "follow.html", code="", found=None)
        try:
            await deps.callers.identify(None, client_address(request))
            found: Any = follow_view(public_view(await deps.lookups.track(code)), deps, language_of(request))
        except IntakeError as exc:
            return render(request, "follow.html", exc.status, {"Retry-After": str(exc.retry_after)}
                          if exc.retry_after else None, code=code, found=None, problem=_say(request, exc))
        return render(request, "follow.html", code=code, found=found)

    router.include_router(consultation_router())  # /gop-y/du-thao/{id}: comment on an open draft
    return router

