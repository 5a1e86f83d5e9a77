"""The read model's tables (SQLAlchemy Core): each inquiry's state, its audit trail, signals, reports.

Migrations in `adapters/migrations` create exactly these tables; a test compares the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy import (
    DateTime as SqlDateTime,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from citycomm_reporting.domain.rollups import MEASURES


class DateTime(TypeDecorator[datetime]):
    """A moment: `timestamptz` on PostgreSQL; on SQLite, which keeps no offset, stored in UTC.
    Read back timezone-aware in UTC on both. (SQLAlchemy's own type on SQLite drops the offset of
    an aware value as it is, so 00:00+07:00 came back as 00:00Z.)"""

    impl = SqlDateTime
    cache_ok = True

    def __init__(self, timezone: bool = True) -> None:  # noqa: FBT001, FBT002 - DateTime's own signature
        super().__init__(timezone=timezone)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return value  # type: ignore[no-any-return]
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

# Current state of one inquiry, folded from its events (domain.projection). No contact data.
inquiries = Table(
    "inquiries", metadata,
    Column("inquiry_id", String(64), primary_key=True),
    Column("tracking_code", String(32), unique=True),
    Column("kind", String(32)),
    Column("status", String(32), nullable=False),
    Column("agency_id", String(64)),
    Column("co_handling_agency_ids", JSON),
    Column("due_at", DateTime(timezone=True)),
    Column("policy_id", String(64)),
    Column("legal_basis", Text),
    Column("received_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("category", String(64)),
    Column("ward_code", String(16)),
    Column("title", Text),
    Column("channel", String(32)),
    Column("submitter_role", String(32)),
    Column("submitter_id", String(64)),
    Column("briefing_date", String(10)),
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("answered_at", DateTime(timezone=True)),
    Column("answer", Text),
    Column("refused", Boolean),
    Column("refusal_ground", Text),
    Column("on_time", Boolean),
    Column("response_hours", Float),
    Column("response_working_hours", Float),
    Column("closed_at", DateTime(timezone=True)),
    Column("escalated_at", DateTime(timezone=True)),
    Column("transfers", Integer),
    Column("extended", Boolean),
    Column("last_rejection", Text),
    Column("asked_by_id", String(64)),  # the press agency that asked (InquiryAssigned.asked_by)
    Column("asked_by_name", Text),
    Column("lat", Float),  # the submitter's place (InquirySubmitted.location), WGS 84
    Column("long", Float),
    Column("media_url", Text),  # the first Open311 media_url (a link the client hosts)
    Index("ix_inquiries_agency_status", "agency_id", "status"),
    Index("ix_inquiries_received", "received_at", "inquiry_id"),
    Index("ix_inquiries_agency_received", "agency_id", "received_at"),
    Index("ix_inquiries_due", "due_at"),
    # An agency's slowest overdue (adapters/slowest.py): its entries in deadline order, status beside.
    Index("ix_inquiries_agency_due", "agency_id", "due_at", "status"),
    Index("ix_inquiries_status_due", "status", "due_at"),
    Index("ix_inquiries_submitter", "submitter_id", "received_at"),
    # The briefing report's questions (adapters/listing.py): raised at a briefing of the period, or
    # raised in it without a briefing date; and the older ones still open.
    Index("ix_inquiries_briefing", "kind", "briefing_date", "received_at"),
    Index("ix_inquiries_kind_status", "kind", "status"),
    # Percentiles read the answered rows of a period from this index alone (both databases). Only
    # answered rows: SQLite's statistics cannot tell that a tenth have no answer, and it chose this
    # index for "answered_at IS NULL" (600 ms at 1 M; a comparison with a moment implies NOT NULL).
    Index("ix_inquiries_answered", "answered_at", "response_hours", "response_working_hours",
          "agency_id", "category", "kind", "ward_code", "channel",
          sqlite_where=text("answered_at IS NOT NULL"), postgresql_where=text("answered_at IS NOT NULL")),
)

# The audit trail: every event seen, once (upsert by event id), with who and when.
inquiry_events = Table(
    "inquiry_events", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("inquiry_id", String(64), nullable=False),
    Column("type", String(128), nullable=False),
    Column("source", String(128), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("actor_role", String(32)),
    Column("actor_id", String(64)),
    Column("command_id", String(64)),
    Column("summary", Text),
    Column("data", JSON, nullable=False),
    Index("ix_inquiry_events_inquiry", "inquiry_id", "occurred_at"),
)

# Reminders, escalations and webhook outcomes, slim for counting by agency and period.
signals = Table(
    "signals", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("inquiry_id", String(64), nullable=False),
    Column("agency_id", String(64)),
    Column("signal", String(32), nullable=False),  # reminder, escalation, webhook_failed, ...
    Column("stage", String(64)),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_signals_at", "at", "signal"),
    Index("ix_signals_agency_at", "agency_id", "at"),
)

# What became of each command (intake asks through GetCommandOutcome).
command_outcomes = Table(
    "command_outcomes", metadata,
    Column("command_id", String(64), primary_key=True),
    Column("inquiry_id", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # accepted, rejected
    Column("reason", Text),
    Column("event_type", String(128), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Counts per half-day slot, agency ("*": the city) and dimension value, kept by the projection
# (domain/rollups.py says what each measure counts and at which moment).
figure_counts = Table(
    "figure_counts", metadata,
    Column("agency_id", String(64), primary_key=True),
    Column("dimension", String(16), primary_key=True),
    Column("slot", DateTime(timezone=True), primary_key=True),
    Column("key", String(64), primary_key=True),
    *(Column(measure, Integer, nullable=False, server_default="0") for measure in MEASURES),
    Index("ix_figure_counts_dimension_slot", "dimension", "slot"),
)

# How many inquiries are open now, per agency ("*": the city) and dimension value (same keeping).
open_counts = Table(
    "open_counts", metadata,
    Column("agency_id", String(64), primary_key=True),
    Column("dimension", String(16), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("open", Integer, nullable=False, server_default="0"),
)

# Every published report, as published (the archive behind reports.published).
reports = Table(
    "reports", metadata,
    Column("report_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("period_start", DateTime(timezone=True), nullable=False),
    Column("period_end", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Index("ix_reports_kind_published", "kind", "published_at"),
)

# Each consultation on a draft, folded from its events (domain/consultations.py; issue 20).
consultations = Table(
    "consultations", metadata,
    Column("consultation_id", String(64), primary_key=True),
    Column("title", Text),
    Column("summary", Text),  # the draft's, as the public listing shows it
    Column("drafting_agency_id", String(64)),
    Column("level", String(16)),
    Column("large_impact", Boolean),
    Column("audiences", JSON),  # press, public, organisations
    Column("organisation_ids", JSON),
    Column("document_links", JSON),
    Column("policy_id", String(64)),
    Column("status", String(16), nullable=False),  # open, closed, responded
    Column("opens_at", DateTime(timezone=True)),  # the announced period
    Column("closes_at", DateTime(timezone=True)),
    Column("opened_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("response_due_at", DateTime(timezone=True)),
    Column("response_published_at", DateTime(timezone=True)),
    Column("response_url", Text),
    Column("response_on_time", Boolean),
    Column("comments", Integer, nullable=False, server_default="0"),
    Column("comments_refused", Integer, nullable=False, server_default="0"),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_consultations_status_closes", "status", "closes_at"),
    Index("ix_consultations_agency_opens", "drafting_agency_id", "opens_at"),
)

# One row per comment, to count by audience, article, theme and day: no text, contact or commenter.
consultation_comments = Table(
    "consultation_comments", metadata,
    Column("comment_id", String(64), primary_key=True),
    Column("consultation_id", String(64), nullable=False),
    Column("drafting_agency_id", String(64)),
    Column("audience", String(16)),
    Column("submitter_role", String(32)),
    Column("article", String(100)),
    Column("theme", String(100)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("received_day", String(10), nullable=False),  # the city's day
    Index("ix_consultation_comments_consultation", "consultation_id", "received_at"),
)
