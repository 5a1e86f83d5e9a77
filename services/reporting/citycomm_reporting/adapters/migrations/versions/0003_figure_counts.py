"""Roll-ups for the figures: figure_counts and open_counts, filled from the rows already folded;
the answered index carries what the percentiles read (PostgreSQL).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from citycomm_reporting.adapters.rollups import backfill

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here: the measures as this revision creates them (domain/rollups.py may gain more later).
MEASURES = ("received", "answered", "refused", "due_answered", "due_on_time", "open_due",
            "open_unanswered_due", "reminders", "escalations", "webhook_failures",
            *(f"response_bucket_{n}" for n in range(7)))
ANSWERED_INCLUDE = ["agency_id", "category", "kind", "ward_code", "channel", "response_hours",
                    "response_working_hours"]


def upgrade() -> None:
    op.create_table(
        "figure_counts",
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("dimension", sa.String(16), primary_key=True),
        sa.Column("slot", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        *(sa.Column(m, sa.Integer, nullable=False, server_default="0") for m in MEASURES),
    )
    op.create_index("ix_figure_counts_dimension_slot", "figure_counts", ["dimension", "slot"])
    op.create_table(
        "open_counts",
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("dimension", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("open", sa.Integer, nullable=False, server_default="0"),
    )
    op.drop_index("ix_inquiries_answered", "inquiries")
    op.create_index("ix_inquiries_answered", "inquiries", ["answered_at"],
                    postgresql_include=ANSWERED_INCLUDE)
    # The rows folded so far, counted once; from here on the projection keeps the counts.
    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_inquiries_answered", "inquiries")
    op.create_index("ix_inquiries_answered", "inquiries", ["answered_at"])
    op.drop_table("open_counts")
    op.drop_index("ix_figure_counts_dimension_slot", "figure_counts")
    op.drop_table("figure_counts")
