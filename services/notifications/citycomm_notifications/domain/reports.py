"""Who receives which published report (as data), and the webhook notice each one gets."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.webhooks_pb2 import ReportNotice
from citycomm_common.config_files import load_config
from citycomm_common.vocabulary import enum_name
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload

MAX_INLINE_BYTES = 512 * 1024  # larger reports are announced; subscribers fetch them from reporting


class ReportSubscribers(BaseModel):
    """Report kind (weekly_briefing, monthly, on_demand, ...) → agency ids that receive it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    subscribers: dict[str, list[str]] = Field(default_factory=dict)

    def of(self, kind: str) -> list[str]:
        return self.subscribers.get(kind, [])


def load_report_subscribers(path: Path) -> ReportSubscribers:
    return load_config(path, ReportSubscribers) if path.exists() else ReportSubscribers()


def report_notices(report: events_pb2.ReportPublished, event_id: str,
                   subscribers: ReportSubscribers) -> list[Notice]:
    """One `report.published` webhook per subscriber; the content inline when it is small enough."""
    notice = ReportNotice(report_id=report.report_id, kind=report.report_kind,
                          content_type=report.content_type)
    for ours, theirs in (("period_start", "period_start_time"), ("period_end", "period_end_time"),
                         ("published_time", "published_time")):
        if report.HasField(theirs):
            getattr(notice, ours).CopyFrom(getattr(report, theirs))
    if len(report.content) <= MAX_INLINE_BYTES:
        notice.content = report.content.decode("utf-8", errors="replace")
    else:
        notice.content_omitted = f"{len(report.content)} bytes: GET /v1/reports/{report.report_id}"
    data = payload("report.published", notice)
    kind = enum_name(common_pb2.ReportKind, report.report_kind)
    return [Notice("report.published", agency, "", data, event_id) for agency in subscribers.of(kind)]
