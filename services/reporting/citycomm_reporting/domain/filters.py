"""What an operator filters inquiries and figures by (the SQL behind it is adapters/filters.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# What figures can be grouped by.
DIMENSIONS = ("agency", "category", "kind", "ward", "channel")


@dataclass(frozen=True)
class InquiryFilter:
    """agency_id/submitter_id are also how callers are scoped to their own inquiries."""

    agency_id: str = ""
    submitter_id: str = ""
    status: str = ""
    kind: str = ""
    category: str = ""
    ward_code: str = ""
    channel: str = ""
    overdue_only: bool = False
    received_from: datetime | None = None
    received_to: datetime | None = None  # exclusive
