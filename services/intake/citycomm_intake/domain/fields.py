"""Bounded, NFC-normalised field types shared by every kind of inquiry and every action."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from citycomm_common.text import normalize_text, strip_bidi_controls

# C0/C1 control characters other than tab and newline: invisible, and PostgreSQL refuses NUL.
_CONTROL = {c for c in range(0x20) if c not in (0x09, 0x0A)} | {0x7F} | set(range(0x80, 0xA0))


def _no_control(text: str) -> str:
    if any(ord(ch) in _CONTROL for ch in text):
        raise ValueError("control characters are not allowed")
    return text


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must not be blank")
    return text


def _line(text: str) -> str:
    return _not_blank(normalize_text(_no_control(text)))


def _paragraphs(text: str) -> str:
    """NFC, CRLF made LF, bidi controls dropped, trimmed; keeps the author's line breaks."""
    text = _no_control(strip_bidi_controls(text).replace("\r\n", "\n").replace("\r", "\n"))
    return _not_blank(unicodedata.normalize("NFC", text).strip())


def line(max_length: int) -> Any:
    """One line of text: lengths are checked on what was sent, then it is normalised (NFC, spaces)."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length), AfterValidator(_line)]


def paragraphs(max_length: int) -> Any:
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length), AfterValidator(_paragraphs)]


Title = line(200)
Body = paragraphs(5000)
Reason = paragraphs(2000)
ShortText = line(200)
Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
WardRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    AfterValidator(_line),
    Field(
        description="official ward code or name, or an address naming the ward, e.g. 26740, 'Phường Sài "
        "Gòn', '123 Lê Lợi, Phường Sài Gòn' or, from before 1 July 2025, 'Phường Bến Nghé, Quận 1'"
    ),
]
Url = Annotated[AnyHttpUrl, Field(description="http(s) URL, at most 2000 characters")]
UrlList = Annotated[list[Url], Field(max_length=10)]
Phone = Annotated[str, StringConstraints(max_length=20, pattern=r"^\+?[0-9 .()-]{6,20}$")]
IdempotencyKeyText = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")
]


class Strict(BaseModel):
    """Unknown fields are errors, so a misspelt field never silently disappears."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


class ContactIn(Strict):
    """A citizen's personal data: kept on the platform, never in reports or exports."""

    name: line(200) | None = None  # type: ignore[valid-type]
    phone: Phone | None = None
    email: EmailStr | None = None
    # The language of the notices sent to the phone or e-mail above: Vietnamese unless "en" (issue 18).
    language: Literal["vi", "en"] | None = None


def url_text(urls: list[Url]) -> list[str]:
    return [str(u) for u in urls]


def bounded_urls(urls: list[Url]) -> list[Url]:
    for url in urls:
        if len(str(url)) > 2000:
            raise ValueError("a URL is longer than 2000 characters")
    return urls


Urls = Annotated[UrlList, AfterValidator(bounded_urls)]
