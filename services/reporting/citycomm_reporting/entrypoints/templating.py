"""The pages' Jinja2 environment, one per language (gettext installed from i18n.py), and what every
page is given: the person, the language switch, formats and names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from citycomm_common.page_language import page_environment
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.people import Person
from citycomm_reporting.entrypoints import labels
from citycomm_reporting.entrypoints.auth import reporting
from citycomm_reporting.entrypoints.i18n import (
    LANG_COOKIE,
    LANGUAGES,
    LOCALE_DIR,
    Formats,
    language_of,
    translations,
)


def environment(lang: str) -> Environment:
    return page_environment("citycomm_reporting.entrypoints", LOCALE_DIR, lang)


@dataclass(frozen=True)
class Speaker:
    """What a page needs to speak to a person in their language: text, formats, names."""

    lang: str
    deps: Container

    @property
    def gettext(self) -> Callable[[str], str]:
        return translations(self.lang).gettext

    @property
    def f(self) -> Formats:
        return Formats(self.lang)

    def agency(self, agency_id: str | None) -> str:
        return self.deps.display.agency(agency_id, self._unknown(agency_id))

    def category(self, code: str | None) -> str:
        return self.deps.display.category(code, self.lang, self._unknown(code))

    def _unknown(self, code: str | None) -> str:
        return self.gettext(labels.OTHER if code else labels.NONE)

    def ward(self, code: str | None) -> str:
        return self.deps.display.ward(code, self._unknown(code))

    def kind(self, code: str | None) -> str:
        return labels.labeller(self.gettext)(labels.KINDS, code)

    def stage(self, code: str | None) -> str:
        return labels.labeller(self.gettext)(labels.STAGES, code)

    def status(self, code: str | None) -> str:
        return labels.labeller(self.gettext)(labels.STATUSES, code)

    def channel(self, code: str | None) -> str:
        return labels.labeller(self.gettext)(labels.CHANNELS, code)

    def named(self, dimension: str | None, code: str | None) -> str:
        by = {"agency": self.agency, "category": self.category, "ward": self.ward, "kind": self.kind,
              "channel": self.channel}
        return by[dimension](code) if dimension in by else self.gettext("The whole city")


def speaker(request: Request, deps: Annotated[Container, Depends(reporting)]) -> Speaker:
    return Speaker(language_of(request), deps)


def switch_url(request: Request, lang: str) -> str:
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return f"{request.url.path}?{urlencode({**query, 'lang': lang})}"


def render(request: Request, say: Speaker, template: str, person: Person | None, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    page = environment(say.lang).get_template(template).render(
        say=say, f=say.f, lang=say.lang, person=person, path=request.url.path,
        other_languages=[(lang, switch_url(request, lang)) for lang in LANGUAGES if lang != say.lang],
        **context)
    response = HTMLResponse(page, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, say.lang, max_age=365 * 86400, samesite="lax", path="/")
    return response
