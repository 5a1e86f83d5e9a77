"""Reporting's pages in Vietnamese first, English second (decision 0083): its catalogue is the .po
files under entrypoints/locale/; how catalogues are read, the language chosen and numbers and dates
written is shared with intake's public page (citycomm_common.page_language)."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations

from citycomm_common import page_language
from citycomm_common.page_language import DOMAIN, LANG_COOKIE, LANGUAGES, LOCALES, Formats, language_of

LOCALE_DIR = Path(__file__).parent / "locale"
__all__ = ["DOMAIN", "LANG_COOKIE", "LANGUAGES", "LOCALES", "LOCALE_DIR", "Formats", "language_of", "po_path",
           "translations"]


def po_path(lang: str) -> Path:
    return page_language.po_path(LOCALE_DIR, lang)


def translations(lang: str) -> NullTranslations:
    return page_language.catalogue(LOCALE_DIR, lang)
