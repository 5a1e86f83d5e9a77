"""What each page shows, gathered from the use cases and put in words a person reads (names, not codes)."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.periods import Period, previous
from citycomm_reporting.domain.stats import RESPONSE_EDGES
from citycomm_reporting.entrypoints import charts
from citycomm_reporting.entrypoints.page_params import written_day
from citycomm_reporting.entrypoints.templating import Speaker

SLOWEST = 10


def period_title(say: Speaker, period: Period) -> str:
    last = (period.end - timedelta(microseconds=1)).astimezone(CITY_ZONE)
    return f"{say.f.day(period.start)} – {say.f.day(last)}"


def chosen_day(period: Period) -> str:
    """A day inside the period (its last), dd/mm/yyyy, which the period form maps back to the same period."""
    return written_day((period.end.astimezone(CITY_ZONE) - timedelta(days=1)).date())


def trend_label(say: Speaker, label: str) -> str:
    """Period labels as people write them: 2026-05 (and the 1022 month) -> 05/2026, 2026-05-04 ->
    04/05, 2026-W20 -> "Tuần 20" / "Wk 20"."""
    if day := re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", label):
        return f"{day[2]}/{day[1]}"
    if month := re.match(r"(\d{4})-(\d{2})(?: \(1022\))?$", label):
        return f"{month[2]}/{month[1]}"
    if week := re.fullmatch(r"\d{4}-W(\d{2})", label):
        return say.gettext("Wk %(week)s") % {"week": int(week[1])}
    return label


def no_data(say: Speaker, name: str, title: str) -> str:
    return charts.empty(name, title, say.gettext("No data for this selection."))


def on_time_chart(say: Speaker, points: list[tuple[str, float | None]]) -> str:
    title = say.gettext("On-time rate per period")
    if all(rate is None for _, rate in points):
        return no_data(say, "on-time", title)
    return charts.line_chart("on-time", title, [(trend_label(say, label), rate) for label, rate in points])


def response_chart(say: Speaker, counts: tuple[int, ...]) -> str:
    title = say.gettext("Response time in office hours")
    if not any(counts):
        return no_data(say, "response-time", title)
    return charts.histogram_of_counts("response-time", title, counts, RESPONSE_EDGES)


def bars(say: Speaker, name: str, title: str, dimension: str, groups: list[dict[str, Any]],
         series: tuple[tuple[str, str, str], ...], count: int = 12) -> str:
    """Bars of the largest groups; series are (figure, label msgid, color)."""
    chosen = sorted((g for g in groups if any(g.get(s[0]) for s in series)),
                    key=lambda g: (-(g.get(series[0][0]) or 0), str(g.get("key"))))[:count]
    rows = [(say.named(dimension, g["key"]), tuple(float(g.get(s[0]) or 0) for s in series)) for g in chosen]
    if not rows:
        return no_data(say, name, title)
    return charts.bar_chart(name, title, rows, tuple((say.gettext(s[1]), s[2]) for s in series))


def ranking(groups: list[dict[str, Any]], before: list[dict[str, Any]], say: Speaker,
            min_volume: int) -> dict[str, list[dict[str, Any]]]:
    """Agencies by on-time rate (enough decided) and by median response time, each with the on-time
    rate of the period before for the trend."""
    earlier = {g["key"]: g["on_time_rate"] for g in before}
    every = [{**g, "name": say.agency(g["key"]), "before": earlier.get(g["key"])} for g in groups if g["key"]]
    by_rate = sorted((a for a in every if a["decided"] >= min_volume),
                     key=lambda a: (-(a["on_time_rate"] or 0.0), -a["decided"], a["name"]))
    by_time = sorted((a for a in every if a["median_working_hours"] is not None),
                     key=lambda a: (a["median_working_hours"], a["name"]))
    few = sorted((a for a in every if a["decided"] < min_volume), key=lambda a: a["name"])
    return {"by_rate": by_rate, "by_time": by_time, "few": few}


def period_before(period: Period) -> Period:
    """The period the trend compares with: the one before, or as many days before a range."""
    if period.kind != "range":
        return previous(period)
    length = period.end - period.start
    return Period("range", period.start - length, period.start, f"before {period.label}")


async def agency_groups(deps: Any, period: Period, scope: str = "") -> tuple[list[dict[str, Any]], ...]:
    """The period's figures per agency and, for the trend, the period before's counts (its on-time
    rate; no percentiles, which only the period itself shows), asked at once."""
    where = InquiryFilter(agency_id=scope)
    return tuple(await asyncio.gather(deps.figures.groups(period, "agency", where),
                                      deps.figures.groups(period_before(period), "agency", where,
                                                          percentiles=False)))


def inquiry_row(say: Speaker, row: dict[str, Any], now: Any) -> dict[str, str]:
    due = row.get("due_at")
    late = (now - due) if due is not None and due < now else None
    return {"id": row.get("tracking_code") or row["inquiry_id"], "kind": say.kind(row.get("kind")),
            "agency": say.agency(row.get("agency_id")), "category": say.category(row.get("category")),
            "ward": say.ward(row.get("ward_code")), "status": say.status(row.get("status")),
            "received": say.f.moment(row.get("received_at")), "due": say.f.moment(due),
            "days_late": say.f.number(late.total_seconds() / 86400 if late else None)}


KIND_CODES = ("press_request", "briefing_question", "media_alert", "citizen_feedback", "information_request")
