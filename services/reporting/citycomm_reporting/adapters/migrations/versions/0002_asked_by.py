"""Who asked: the press agency named by each inquiry's assignment (InquiryAssigned.asked_by).

Revision ID: 0002
Revises: 0001
Create Date: 2027-01-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows folded before this revision get their asker at their inquiry's next event (a refold).
    op.add_column("inquiries", sa.Column("asked_by_id", sa.String(64)))
    op.add_column("inquiries", sa.Column("asked_by_name", sa.Text))


def downgrade() -> None:
    op.drop_column("inquiries", "asked_by_name")
    op.drop_column("inquiries", "asked_by_id")
