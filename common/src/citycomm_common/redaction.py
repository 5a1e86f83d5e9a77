"""Credentials never reach a log line: every line is masked before it is written.

uvicorn's access log writes the path with its query string, so Open311's `?api_key=` (an operator's
key among them) was logged whole; httpx logs the URLs it calls. Headers are never logged, but a
message may quote one. Masked: the value of every query or form parameter whose name says it
holds a credential (`api_key`, `token`, `access_token`, `secret`, `password`, `signature`, …),
bearer and basic credentials, `X-API-Key` and cookie values quoted in a message, and anything
shaped like one of our credentials (`cck_<id>_<secret>` API keys keep their id, which names the
key and is no secret; `whsec_` webhook secrets), e-mail addresses (their domain kept) and
unsubscribe links' tokens. Masking a harmless value now and then (a
`page_token`) is the price of a rule that needs no list of every route's parameters.
"""

from __future__ import annotations

import logging
import re

MASK = "***"
_NAME = r"[\w.\-\[\]]*(?:key|token|secret|passw(?:or)?d|signature|auth|credential|session)[\w.\-\[\]]*"
_PATTERNS = [
    # name=value in a query string, a form body or a message (percent-encoded values included)
    # (never a backslash: in a JSON line it escapes the quote that ends the string)
    (re.compile(rf"(?i)(?<![\w.\-\[\]])({_NAME}=)[^&\s\"'<>;,\\]+"), rf"\1{MASK}"),
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[\w\-.~+/]+=*"), rf"\1\2{MASK}"),
    (re.compile(r"(?i)\b(x-api-key|cookie)([\"']?\s*[:=]\s*[\"']?)[^\s\"',;\\]+"), rf"\1\2{MASK}"),
    (re.compile(r"\b(cck_[0-9a-f]{12}_)[\w\-]+"), rf"\1{MASK}"),
    (re.compile(r"\bwhsec_[\w+/=\-]+"), f"whsec_{MASK}"),
    # An unsubscribe link's token can stop someone's notices (decision 0100).
    (re.compile(r"(/v1/unsubscribe/)[\w.\-]+"), rf"\1{MASK}"),
]
# A submitter's address is personal data (decision 0100): an e-mail address keeps its domain.
# Only tried on text with an "@", so the common line pays one `in`.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")


def redact(text: str) -> str:
    """`text` with every credential in it masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _EMAIL.sub(rf"{MASK}@\1", text) if "@" in text else text


class RedactingFormatter(logging.Formatter):
    """Formats with `inner`, then masks: the message, its arguments and any traceback alike."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record))
