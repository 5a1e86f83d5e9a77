"""An agency's inquiries by deadline (issue 17, decision 0101): the agency page's slowest overdue
(the agency's open inquiries due before now, earliest deadline first, the first ten) read in
deadline order from the agency's own entries, instead of walking every agency's deadlines
(PostgreSQL: 8,400 rows for a small agency at 1 M, 90 ms) or every open inquiry of a large agency
then sorting them (SQLite).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_inquiries_agency_due", "inquiries", ["agency_id", "due_at", "status"])


def downgrade() -> None:
    op.drop_index("ix_inquiries_agency_due", "inquiries")
