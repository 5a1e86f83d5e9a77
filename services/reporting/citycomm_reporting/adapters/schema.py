"""The read model's tables (SQLAlchemy Core): current state per inquiry, and every event seen."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, MetaData, String, Table, Text

metadata = MetaData()

inquiries = Table(
    "inquiries", metadata,
    Column("inquiry_id", String(64), primary_key=True),
    Column("tracking_code", String(32), unique=True),
    Column("kind", String(32)),
    Column("status", String(32), nullable=False),
    Column("agency_id", String(64)),
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
    Index("ix_inquiries_agency_status", "agency_id", "status"),
)

inquiry_events = Table(
    "inquiry_events", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("inquiry_id", String(64), nullable=False, index=True),
    Column("type", String(128), nullable=False),
    Column("source", String(128), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)
