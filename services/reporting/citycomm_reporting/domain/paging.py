"""Listings are paged newest received first; the next page is named by an opaque token."""

from __future__ import annotations

import base64
import json
from datetime import datetime

MAX_PAGE = 500


class BadPageToken(ValueError):
    """The caller sent a page token we did not issue."""


def page_size(asked: int) -> int:
    """What a caller asked for (0: the default), within 1..MAX_PAGE."""
    return max(1, min(asked or 50, MAX_PAGE))


def encode_token(received_at: datetime, inquiry_id: str) -> str:
    raw = json.dumps([received_at.isoformat(), inquiry_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[datetime, str]:
    try:
        stamp, inquiry_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return datetime.fromisoformat(stamp), str(inquiry_id)
    except (ValueError, TypeError) as exc:
        raise BadPageToken("page_token is not one this service issued") from exc
