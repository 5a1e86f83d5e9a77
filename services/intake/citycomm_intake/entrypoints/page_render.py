"""The public page's rendering: intake's catalogue and templates (citycomm_common.page_language),
the language switch, and the headers every page carries (a strict Content-Security-Policy: only
this server's stylesheet and script, forms posted only here, never framed)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from citycomm_common.page_language import (
    LANG_COOKIE,
    LANGUAGES,
    Formats,
    catalogue,
    language_of,
    page_environment,
)

LOCALE_DIR = Path(__file__).parent / "locale"
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
# A tracking code in the address must not travel to another site, nor stay in a shared cache.
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def environment(lang: str) -> Environment:
    return page_environment("citycomm_intake.entrypoints", LOCALE_DIR, lang)


def gettext(lang: str, message: str) -> str:
    return catalogue(LOCALE_DIR, lang).gettext(message)


def translated(request: Request, message: str) -> str:
    return gettext(language_of(request), message)


def switch_url(request: Request, lang: str) -> str:
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return f"{request.url.path}?{urlencode({**query, 'lang': lang})}"


def moment(f: Formats, value: str | None) -> str:
    """An RFC 3339 moment of the public view as the language writes it, in the city's time."""
    if not value:
        return "–"
    try:
        return f.moment(datetime.fromisoformat(value))
    except ValueError:
        return value


def render(request: Request, template: str, status_code: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    lang = language_of(request)
    f = Formats(lang)
    page = environment(lang).get_template(template).render(
        lang=lang, f=f, moment=lambda value: moment(f, value), path=request.url.path,
        other_languages=[(other, switch_url(request, other)) for other in LANGUAGES if other != lang],
        **context)
    response = HTMLResponse(page, status_code=status_code, headers={**HEADERS, **(headers or {})})
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return response
