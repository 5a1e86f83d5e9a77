"""Filters on the read model shared by listings, exports and aggregates (SQL expressions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_

from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.domain.projection import OPEN_STATUSES

DIMENSION_COLUMNS = {"agency": inquiries.c.agency_id, "category": inquiries.c.category,
                     "kind": inquiries.c.kind, "ward": inquiries.c.ward_code,
                     "channel": inquiries.c.channel}


def as_utc(moment: datetime) -> datetime:
    """Bind parameters in UTC: SQLite stores moments without offsets, all of them UTC."""
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class InquiryFilter:
    """What an operator filters by; agency_id/submitter_id are also how callers are scoped."""

    agency_id: str = ""
    submitter_id: str = ""
    status: str = ""
    kind: str = ""
    category: str = ""
    ward_code: str = ""
    channel: str = ""
    overdue_only: bool = False
    received_from: datetime | None = None
    received_to: datetime | None = None  # exclusive

    def conditions(self, now: datetime) -> list[ColumnElement[Any]]:
        c = inquiries.c
        equal = {c.agency_id: self.agency_id, c.submitter_id: self.submitter_id, c.status: self.status,
                 c.kind: self.kind, c.category: self.category, c.ward_code: self.ward_code,
                 c.channel: self.channel}
        found: list[ColumnElement[Any]] = [column == value for column, value in equal.items() if value]
        if self.overdue_only:
            found.append(overdue(now))
        if self.received_from:
            found.append(c.received_at >= as_utc(self.received_from))
        if self.received_to:
            found.append(c.received_at < as_utc(self.received_to))
        return found


def is_open() -> ColumnElement[bool]:
    return inquiries.c.status.in_(OPEN_STATUSES)


def overdue(now: datetime) -> ColumnElement[bool]:
    return and_(is_open(), inquiries.c.due_at < as_utc(now))
