"""The read model: inquiries, their audit trail, signals, command outcomes, reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inquiries",
        sa.Column("inquiry_id", sa.String(64), primary_key=True),
        sa.Column("tracking_code", sa.String(32), unique=True),
        sa.Column("kind", sa.String(32)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("agency_id", sa.String(64)),
        sa.Column("co_handling_agency_ids", sa.JSON),
        sa.Column("due_at", TZ),
        sa.Column("policy_id", sa.String(64)),
        sa.Column("legal_basis", sa.Text),
        sa.Column("received_at", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("category", sa.String(64)),
        sa.Column("ward_code", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("channel", sa.String(32)),
        sa.Column("submitter_role", sa.String(32)),
        sa.Column("submitter_id", sa.String(64)),
        sa.Column("briefing_date", sa.String(10)),
        sa.Column("acknowledged_at", TZ),
        sa.Column("answered_at", TZ),
        sa.Column("answer", sa.Text),
        sa.Column("refused", sa.Boolean),
        sa.Column("refusal_ground", sa.Text),
        sa.Column("on_time", sa.Boolean),
        sa.Column("response_hours", sa.Float),
        sa.Column("response_working_hours", sa.Float),
        sa.Column("closed_at", TZ),
        sa.Column("escalated_at", TZ),
        sa.Column("transfers", sa.Integer),
        sa.Column("extended", sa.Boolean),
        sa.Column("last_rejection", sa.Text),
    )
    for name, columns in (
        ("ix_inquiries_agency_status", ["agency_id", "status"]),
        ("ix_inquiries_received", ["received_at", "inquiry_id"]),
        ("ix_inquiries_agency_received", ["agency_id", "received_at"]),
        ("ix_inquiries_answered", ["answered_at"]),
        ("ix_inquiries_due", ["due_at"]),
        ("ix_inquiries_status_due", ["status", "due_at"]),
        ("ix_inquiries_submitter", ["submitter_id", "received_at"]),
        ("ix_inquiries_briefing", ["kind", "briefing_date"]),
    ):
        op.create_index(name, "inquiries", columns)
    op.create_table(
        "inquiry_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("inquiry_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(128), nullable=False),
        sa.Column("source", sa.String(128), nullable=False),
        sa.Column("occurred_at", TZ, nullable=False),
        sa.Column("actor_role", sa.String(32)),
        sa.Column("actor_id", sa.String(64)),
        sa.Column("command_id", sa.String(64)),
        sa.Column("summary", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_inquiry_events_inquiry", "inquiry_events", ["inquiry_id", "occurred_at"])
    op.create_table(
        "signals",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("inquiry_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64)),
        sa.Column("signal", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(64)),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_signals_at", "signals", ["at", "signal"])
    op.create_index("ix_signals_agency_at", "signals", ["agency_id", "at"])
    op.create_table(
        "command_outcomes",
        sa.Column("command_id", sa.String(64), primary_key=True),
        sa.Column("inquiry_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("event_type", sa.String(128), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("period_start", TZ, nullable=False),
        sa.Column("period_end", TZ, nullable=False),
        sa.Column("published_at", TZ, nullable=False),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
    )
    op.create_index("ix_reports_kind_published", "reports", ["kind", "published_at"])


def downgrade() -> None:
    for table in ("reports", "command_outcomes", "signals", "inquiry_events", "inquiries"):
        op.drop_table(table)
