"""The consultation reports' figures (issue 20, decision 0108), from the read model's rows and a clock.

Per consultation: its period in days as the Civil Code counts it (from the day after opening to the
closing day, city time), comments by audience, article, theme and day, and whether the response was
published on time. Across agencies: which drafts were consulted, for how long, how many comments,
whether and when answered. For the weekly briefing: the consultations opened, closing and answered
in the week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.consultations import OPEN
from citycomm_reporting.domain.periods import Period

Row = Mapping[str, Any]
# What became of the response: published on time or late; not published and past due (overdue);
# due and not yet past; no due yet (still open).
ON_TIME, LATE, OVERDUE, DUE, NOT_DUE = "on_time", "late", "overdue", "due", "not_due"


def period_days(row: Row) -> int | None:
    """Days of the announced period: the day after opening to the closing day (Civil Code Art. 147)."""
    opens, closes = row.get("opens_at"), row.get("closes_at")
    if opens is None or closes is None:
        return None
    days: int = (closes.astimezone(CITY_ZONE).date() - opens.astimezone(CITY_ZONE).date()).days
    return days


def response_state(row: Row, now: datetime) -> str:
    if row.get("response_published_at") is not None:
        return ON_TIME if row.get("response_on_time") else LATE
    due = row.get("response_due_at")
    if row.get("status") == OPEN or due is None:
        return NOT_DUE
    return OVERDUE if now > due else DUE


def consultation_line(row: Row, now: datetime) -> dict[str, Any]:
    """One consultation as the reports list it."""
    return {"consultation_id": row["consultation_id"], "title": row.get("title") or "",
            "agency_id": row.get("drafting_agency_id") or "", "status": row.get("status") or OPEN,
            "opens_at": row.get("opens_at"), "closes_at": row.get("closes_at"),
            "closed_at": row.get("closed_at"), "period_days": period_days(row),
            "comments": row.get("comments") or 0, "comments_refused": row.get("comments_refused") or 0,
            "response_due_at": row.get("response_due_at"),
            "response_published_at": row.get("response_published_at"),
            "response_url": row.get("response_url") or "", "response": response_state(row, now),
            "audiences": list(row.get("audiences") or [])}


def consultation_report(row: Row, counts: Mapping[str, Sequence[tuple[str, int]]],
                        now: datetime) -> dict[str, Any]:
    """One consultation: its line and its comments counted by audience, article, theme and day."""
    return {**consultation_line(row, now), **{f"by_{name}": list(counts.get(name, ()))
                                              for name in ("audience", "article", "theme", "day")}}


def by_agency(lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per drafting agency: drafts consulted, their days on average, comments, answered (on time),
    overdue; by agency id."""
    groups: dict[str, dict[str, Any]] = {}
    for line in lines:
        g = groups.setdefault(line["agency_id"], {"agency_id": line["agency_id"], "drafts": 0, "days": [],
                                                  "comments": 0, "answered": 0, "on_time": 0, "overdue": 0})
        g["drafts"] += 1
        g["comments"] += line["comments"]
        if line["period_days"] is not None:
            g["days"].append(line["period_days"])
        g["answered"] += line["response"] in (ON_TIME, LATE)
        g["on_time"] += line["response"] == ON_TIME
        g["overdue"] += line["response"] == OVERDUE
    result = []
    for g in groups.values():
        days = g.pop("days")
        result.append({**g, "average_days": sum(days) / len(days) if days else None})
    return sorted(result, key=lambda g: g["agency_id"])


def across_agencies(rows: Sequence[Row], period: Period, now: datetime) -> dict[str, Any]:
    lines = [consultation_line(r, now) for r in rows]
    return {"period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                       "label": period.label},
            "generated_at": now.isoformat(), "consultations": lines, "by_agency": by_agency(lines),
            "summary": {"drafts": len(lines), "comments": sum(x["comments"] for x in lines),
                        "answered": sum(x["response"] in (ON_TIME, LATE) for x in lines),
                        "on_time": sum(x["response"] == ON_TIME for x in lines),
                        "overdue": sum(x["response"] == OVERDUE for x in lines)}}


def _within(moment: datetime | None, period: Period) -> bool:
    return moment is not None and period.start <= moment < period.end


def briefing_consultations(rows: Sequence[Row], period: Period,
                           now: datetime) -> dict[str, list[dict[str, Any]]]:
    """For the weekly briefing report: opened in the week, closing in it (as announced or closed in it,
    not yet answered), answered in it. A consultation may be in more than one."""
    lines = {r["consultation_id"]: (r, consultation_line(r, now)) for r in rows}
    opened = [line for r, line in lines.values() if _within(r.get("opened_at") or r.get("opens_at"), period)]
    closing = [line for r, line in lines.values()
               if _within(r.get("closed_at"), period)
               or (r.get("status") == OPEN and _within(r.get("closes_at"), period))]
    answered = [line for r, line in lines.values() if _within(r.get("response_published_at"), period)]
    return {"opened": opened, "closing": closing, "answered": answered}

