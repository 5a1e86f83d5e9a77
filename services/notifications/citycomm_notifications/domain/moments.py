"""Moments as our records keep them: RFC 3339 text (`Z` or an offset), read back as aware datetimes."""

from __future__ import annotations

from datetime import datetime


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
