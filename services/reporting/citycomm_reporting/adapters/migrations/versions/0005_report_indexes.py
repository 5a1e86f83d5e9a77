"""Indexes for the reports at city scale (issue 17, decision 0099): the answered index carries what the
percentiles read as key columns, so SQLite reads them from it alone too (PostgreSQL did, by INCLUDE),
and only answered rows; the briefing report's questions are found by kind and briefing date or
receipt, or by kind and status.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ANSWERED_INCLUDE = ["agency_id", "category", "kind", "ward_code", "channel", "response_hours",
                    "response_working_hours"]
ANSWERED = ["answered_at", "response_hours", "response_working_hours", "agency_id", "category", "kind",
            "ward_code", "channel"]


def upgrade() -> None:
    op.drop_index("ix_inquiries_answered", "inquiries")
    answered = sa.text("answered_at IS NOT NULL")  # SQLite read it for "answered_at IS NULL" too
    op.create_index("ix_inquiries_answered", "inquiries", ANSWERED, sqlite_where=answered,
                    postgresql_where=answered)
    op.drop_index("ix_inquiries_briefing", "inquiries")
    op.create_index("ix_inquiries_briefing", "inquiries", ["kind", "briefing_date", "received_at"])
    op.create_index("ix_inquiries_kind_status", "inquiries", ["kind", "status"])


def downgrade() -> None:
    op.drop_index("ix_inquiries_kind_status", "inquiries")
    op.drop_index("ix_inquiries_briefing", "inquiries")
    op.create_index("ix_inquiries_briefing", "inquiries", ["kind", "briefing_date"])
    op.drop_index("ix_inquiries_answered", "inquiries")
    op.create_index("ix_inquiries_answered", "inquiries", ["answered_at"],
                    postgresql_include=ANSWERED_INCLUDE)
