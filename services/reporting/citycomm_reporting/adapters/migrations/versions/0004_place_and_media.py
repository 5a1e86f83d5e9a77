"""The submitter's place and Open311 media_url (InquirySubmitted.location and attachments, issue 18).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Inquiries submitted before this revision had no place or media: nothing to fill in.
    op.add_column("inquiries", sa.Column("lat", sa.Float))
    op.add_column("inquiries", sa.Column("long", sa.Float))
    op.add_column("inquiries", sa.Column("media_url", sa.Text))


def downgrade() -> None:
    op.drop_column("inquiries", "media_url")
    op.drop_column("inquiries", "long")
    op.drop_column("inquiries", "lat")
