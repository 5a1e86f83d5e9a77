"""The SQL of the filters shared by listings, exports and aggregates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_

from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.projection import OPEN_STATUSES

DIMENSION_COLUMNS = {"agency": inquiries.c.agency_id, "category": inquiries.c.category,
                     "kind": inquiries.c.kind, "ward": inquiries.c.ward_code,
                     "channel": inquiries.c.channel}  # one per domain.filters.DIMENSIONS


def as_utc(moment: datetime) -> datetime:
    """Bind parameters in UTC: SQLite stores moments without offsets, all of them UTC."""
    return moment.astimezone(UTC)


def conditions(where: InquiryFilter, now: datetime) -> list[ColumnElement[Any]]:
    c = inquiries.c
    equal = {c.agency_id: where.agency_id, c.submitter_id: where.submitter_id, c.status: where.status,
             c.kind: where.kind, c.category: where.category, c.ward_code: where.ward_code,
             c.channel: where.channel}
    found: list[ColumnElement[Any]] = [column == value for column, value in equal.items() if value]
    if where.overdue_only:
        found.append(overdue(now))
    if where.received_from:
        found.append(c.received_at >= as_utc(where.received_from))
    if where.received_to:
        found.append(c.received_at < as_utc(where.received_to))
    return found


def is_open() -> ColumnElement[bool]:
    return inquiries.c.status.in_(OPEN_STATUSES)


def overdue(now: datetime) -> ColumnElement[bool]:
    return and_(is_open(), inquiries.c.due_at < as_utc(now))
