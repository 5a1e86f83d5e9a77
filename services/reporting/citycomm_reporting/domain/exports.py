"""What leaves the platform in exports and reports: no citizen's personal data, ever (design §7).

Contact data never enters the read model; beyond that, text a citizen wrote (title, answer to
them) and the tracking code (their key to the status) stay out of anything exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import enum_name

CITIZEN_KINDS = frozenset(enum_name(common_pb2.InquiryKind, kind) for kind in (
    common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, common_pb2.INQUIRY_KIND_INFORMATION_REQUEST))
CITIZEN = enum_name(common_pb2.Role, common_pb2.ROLE_CITIZEN)

INQUIRY_EXPORT_COLUMNS = (
    "inquiry_id", "kind", "status", "agency_id", "category", "ward_code", "channel", "title",
    "received_at", "due_at", "answered_at", "refused", "refusal_ground", "on_time", "overdue",
    "response_hours", "response_working_hours", "transfers", "extended", "policy_id", "legal_basis",
    "briefing_date",
)


def exportable(row: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """An inquiry row reduced to the export columns; a citizen's own words are left out."""
    out = {name: row.get(name) for name in INQUIRY_EXPORT_COLUMNS}
    if row.get("kind") in CITIZEN_KINDS or row.get("submitter_role") == CITIZEN:
        out["title"] = None
    out["overdue"] = is_overdue(row, now)
    return out


def is_overdue(row: Mapping[str, Any], now: datetime) -> bool:
    from citycomm_reporting.domain.projection import OPEN_STATUSES

    due = row.get("due_at")
    return row.get("status") in OPEN_STATUSES and due is not None and due < now


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def to_json(rows: Iterable[Mapping[str, Any]]) -> str:
    return json.dumps([{k: _plain(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1)


def to_csv(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else _plain(row.get(k)) for k in columns})
    return buffer.getvalue()
