"""Who receives which published report (as data), and the webhook notice each one gets."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.codec import rfc3339
from citycomm_common.config_files import load_config
from citycomm_common.contracts import from_timestamp
from citycomm_common.vocabulary import enum_name
from citycomm_notifications.domain.notices import Notice

MAX_INLINE_BYTES = 512 * 1024  # larger reports are announced; subscribers fetch them from reporting


class ReportSubscribers(BaseModel):
    """Report kind (weekly_briefing, monthly, on_demand, ...) → agency ids that receive it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    subscribers: dict[str, list[str]] = Field(default_factory=dict)

    def of(self, kind: str) -> list[str]:
        return self.subscribers.get(kind, [])


def load_report_subscribers(path: Path) -> ReportSubscribers:
    return load_config(path, ReportSubscribers) if path.exists() else ReportSubscribers()


def _utc(report: events_pb2.ReportPublished, field: str) -> str:
    """A time as reporting wrote it before Timestamps: RFC 3339 in UTC ("" when unset)."""
    return rfc3339(from_timestamp(getattr(report, field))) if report.HasField(field) else ""


def report_notices(report: events_pb2.ReportPublished, event_id: str,
                   subscribers: ReportSubscribers) -> list[Notice]:
    """One `report.published` webhook per subscriber; the content inline when it is small enough."""
    kind = enum_name(common_pb2.ReportKind, report.report_kind)
    data: dict[str, object] = {
        "report_id": report.report_id, "kind": kind, "period_start": _utc(report, "period_start_time"),
        "period_end": _utc(report, "period_end_time"), "published_at": _utc(report, "published_time"),
        "content_type": report.content_type,
    }
    if len(report.content) <= MAX_INLINE_BYTES:
        data["content"] = report.content.decode("utf-8", errors="replace")
    else:
        data["content_omitted"] = f"{len(report.content)} bytes: GET /v1/reports/{report.report_id}"
    return [Notice("report.published", agency, "", data, event_id) for agency in subscribers.of(kind)]
