"""Consultations on draft documents and their comments (issue 20, decision 0108), filled from the
consultation events the audit trail already holds.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from citycomm_reporting.adapters.consultations import backfill

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("consultation_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("drafting_agency_id", sa.String(64)),
        sa.Column("level", sa.String(16)),
        sa.Column("large_impact", sa.Boolean),
        sa.Column("audiences", sa.JSON),
        sa.Column("organisation_ids", sa.JSON),
        sa.Column("document_links", sa.JSON),
        sa.Column("policy_id", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opens_at", TZ),
        sa.Column("closes_at", TZ),
        sa.Column("opened_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("response_due_at", TZ),
        sa.Column("response_published_at", TZ),
        sa.Column("response_url", sa.Text),
        sa.Column("response_on_time", sa.Boolean),
        sa.Column("comments", sa.Integer, nullable=False, server_default="0"),
        sa.Column("comments_refused", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_consultations_status_closes", "consultations", ["status", "closes_at"])
    op.create_index("ix_consultations_agency_opens", "consultations", ["drafting_agency_id", "opens_at"])
    op.create_table(
        "consultation_comments",
        sa.Column("comment_id", sa.String(64), primary_key=True),
        sa.Column("consultation_id", sa.String(64), nullable=False),
        sa.Column("drafting_agency_id", sa.String(64)),
        sa.Column("audience", sa.String(16)),
        sa.Column("submitter_role", sa.String(32)),
        sa.Column("article", sa.String(100)),
        sa.Column("theme", sa.String(100)),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("received_day", sa.String(10), nullable=False),
    )
    op.create_index("ix_consultation_comments_consultation", "consultation_comments",
                    ["consultation_id", "received_at"])
    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_consultation_comments_consultation", "consultation_comments")
    op.drop_table("consultation_comments")
    op.drop_index("ix_consultations_agency_opens", "consultations")
    op.drop_index("ix_consultations_status_closes", "consultations")
    op.drop_table("consultations")
