"""Pages people read speak Vietnamese first and English second (decision 0083), the same way in
every service: gettext catalogues (.po files) read with Babel, the language a request asks for,
numbers and dates as each language writes them in the city's time, and one Jinja2 environment per
service and language. Each service keeps its own catalogue next to its templates.

A catalogue is compiled to .mo in memory when first used (no binary in the repository to drift
from its source)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request

from citycomm_common.vocabulary import CITY_ZONE

LANGUAGES = ("vi", "en")  # the first is the default
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
LANG_COOKIE = "citycomm_lang"
DOMAIN = "messages"


def po_path(locale_dir: Path, lang: str) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(locale_dir: Path, lang: str) -> NullTranslations:
    """The language's catalogue under `locale_dir`; English is the source language and needs none."""
    path = po_path(locale_dir, lang)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def page_environment(package: str, locale_dir: Path, lang: str) -> Environment:
    """The Jinja2 environment of `package`'s templates/ in `lang`: autoescaped, gettext installed."""
    env = Environment(loader=PackageLoader(package, "templates"),
                      autoescape=select_autoescape(default=True), extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(catalogue(locale_dir, lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def language_of(request: Request) -> str:
    """?lang= first (the switch on every page), then the cookie it leaves, then Accept-Language."""
    for chosen in (request.query_params.get("lang", ""), request.cookies.get(LANG_COOKIE, "")):
        if chosen in LANGUAGES:
            return chosen
    return _negotiated(request.headers.get("accept-language", ""))


def _negotiated(header: str) -> str:
    wanted = [part.split(";")[0].strip().replace("-", "_") for part in header.split(",") if part.strip()]
    try:
        found = Locale.negotiate(wanted, list(LANGUAGES), sep="_")
    except (UnknownLocaleError, ValueError):
        found = None
    return found.language if found is not None and found.language in LANGUAGES else LANGUAGES[0]


@dataclass(frozen=True)
class Formats:
    """Numbers, shares, hours and moments as `lang` writes them, in the city's time zone."""

    lang: str

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}" if digits else "#,##0",
                              locale=self.locale)

    def share(self, value: float | None) -> str:
        return "–" if value is None else format_percent(value, format="#,##0.0%", locale=self.locale)

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.astimezone(CITY_ZONE).date()
        return format_date(value, format="dd/MM/yyyy" if self.lang == "vi" else "d MMM yyyy",
                           locale=self.locale)

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        return format_datetime(value, format="HH:mm dd/MM/yyyy" if self.lang == "vi" else "d MMM yyyy HH:mm",
                               tzinfo=CITY_ZONE, locale=self.locale)

    def iso_day(self, value: datetime) -> str:
        """For a date field: the city's day of `value`."""
        return value.astimezone(CITY_ZONE).date().isoformat()

    def long_day(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)
