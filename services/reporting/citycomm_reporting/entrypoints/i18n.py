"""Pages in Vietnamese first, English second: gettext catalogues read with Babel, Jinja2's i18n
extension in the templates, numbers and dates as each language writes them (decision 0083).

The catalogues are the .po files under entrypoints/locale/, compiled to .mo in memory when first
used (no binary in the repository to drift from its source)."""

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
from fastapi import Request

from citycomm_common.vocabulary import CITY_ZONE

LANGUAGES = ("vi", "en")  # the first is the default
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_COOKIE = "citycomm_lang"
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> NullTranslations:
    """The language's catalogue; English is the source language and needs none."""
    path = po_path(lang)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


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
