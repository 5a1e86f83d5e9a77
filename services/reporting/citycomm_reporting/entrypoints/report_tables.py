"""The monthly and the weekly press-briefing report as a Document in the reader's language: the same
tables on the printable page, in the PDF, the spreadsheet and the CSV."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.documents import Document, Table
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.entrypoints.consultation_tables import briefing_tables
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.page_views import period_title
from citycomm_reporting.entrypoints.templating import Speaker
from citycomm_reporting.entrypoints.trend_views import series_name

FIGURE_HEADERS = (N_("Received"), N_("Answered"), N_("Refused"), N_("On-time rate"),
                  N_("Median response (office hours)"), N_("90th percentile (office hours)"), N_("Open now"),
                  N_("Overdue now"))
DIMENSION_CAPTIONS = (("agency", N_("By agency"), N_("Agency")),
                      ("category", N_("By category"), N_("Category")),
                      ("ward", N_("By ward"), N_("Ward")), ("kind", N_("By kind"), N_("Kind")),
                      ("channel", N_("By channel"), N_("Channel")))


def _figures(say: Speaker, g: dict[str, Any]) -> tuple[str, ...]:
    f = say.f
    return (f.number(g["received"], 0), f.number(g["answered"], 0), f.number(g["refused"], 0),
            f.share(g["on_time_rate"]), f.number(g["median_working_hours"]),
            f.number(g["p90_working_hours"]), f.number(g["open_now"], 0), f.number(g["overdue_now"], 0))


def figure_table(say: Speaker, caption: str, first: str, dimension: str,
                 groups: list[dict[str, Any]]) -> Table:
    t = say.gettext
    named = ((say.named(dimension, g["key"]), *_figures(say, g)) for g in groups)
    rows: list[tuple[str, ...]] = sorted(named, key=lambda r: r[0])
    return Table(t(caption), (t(first), *map(t, FIGURE_HEADERS)), rows, frozenset(range(1, 9)))


def monthly(say: Speaker, content: dict[str, Any], period: Period) -> Document:
    t, f, totals = say.gettext, say.f, content["totals"]
    ranked = content["ranking"]["ranked"]
    ranking = Table(t("Ranking by on-time rate"), (t("Rank"), t("Agency"), t("On-time rate"),
                                                  t("Decided"), t("On time")),
                    [(f.number(r["rank"], 0), say.agency(r["agency_id"]), f.share(r["on_time_rate"]),
                      f.number(r["decided"], 0), f.number(r["on_time"], 0)) for r in ranked],
                    frozenset({0, 2, 3, 4}))
    tables = [ranking] + [figure_table(say, caption, first, name, content.get(f"by_{name}", []))
                          for name, caption, first in DIMENSION_CAPTIONS]
    made, when, word = f.moment(datetime.fromisoformat(content["generated_at"])), t("Made"), t("Period")
    figures = ((t("Received"), f.number(totals["received"], 0)),
               (t("Answered"), f.number(totals["answered"], 0)),
               (t("On-time rate"), f.share(totals["on_time_rate"])),
               (t("Overdue now"), f.number(totals["overdue_now"], 0)))
    lines: tuple[str, ...] = (f"{word}: {period_title(say, period)}", f"{when}: {made}",
             " · ".join(f"{name}: {value}" for name, value in figures))
    if "published_at" in content:
        lines += (t("The report as published; what changed in the month since is on the overview page."),)
    stem = t("monthly-report") + f"-{period.start.astimezone(CITY_ZONE):%Y-%m}"
    return Document(t("Monthly report on answers to the press and citizens"), lines, tables, stem)


def weekly(say: Speaker, content: dict[str, Any], period: Period) -> Document:
    t, f, summary = say.gettext, say.f, content["summary"]
    headers = (t("Briefing"), t("Question"), t("Asked by"), t("Agency"), t("Status"), t("Due"),
               t("Answered"), t("On time"))
    yes, no = t("yes"), t("no")
    rows: list[tuple[str, ...]] = []
    for briefing in content["briefings"]:
        for q in briefing["questions"]:
            rows.append((f.day(_day(q.get("briefing_date"))), q.get("title") or "",
                         q.get("press_agency_name") or t("(none)"), say.agency(q.get("agency_id")),
                         t("Overdue") if q.get("overdue") else say.status(q.get("status")),
                         f.moment(_moment(q.get("due_at"))), f.moment(_moment(q.get("answered_at"))),
                         "" if q.get("on_time") is None else (yes if q["on_time"] else no)))
    made, when, word = f.moment(datetime.fromisoformat(content["generated_at"])), t("Made"), t("Period")
    figures = ((t("Questions"), summary["questions"]), (t("Answered"), summary["answered"]),
               (t("On time"), summary["on_time"]), (t("Open"), summary["open"]),
               (t("Overdue"), summary["overdue"]))
    lines: tuple[str, ...] = (f"{word}: {period_title(say, period)}", f"{when}: {made}",
             " · ".join(f"{name}: {f.number(value, 0)}" for name, value in figures))
    if content.get("shown", summary["questions"]) < summary["questions"]:
        lines += (t("The first %(shown)s of %(all)s questions; the PDF, XLSX and CSV files list them all.")
                  % {"shown": f.number(content["shown"], 0), "all": f.number(summary["questions"], 0)},)
    trend_headers = (t("Trend"), t("Rise"), t("since"), t("Detected"), t("last window"), t("normal"),
                     t("Peak"), t("Ended"), t("Agencies concerned"))
    trend_rows: list[tuple[str, ...]] = [
        (series_name(say, tr["series_type"], tr["series_value"], tr.get("topic_label")),
         yes if tr["direction"] == "rise" else no, f.moment(_moment(tr["since_at"])),
         f.moment(_moment(tr["detected_at"])), f.number(tr["observed"], 0), f.number(tr["expected"]),
         f.number(tr["peak"], 0), f.moment(_moment(tr.get("ended_at"))),
         ", ".join(say.agency(a) for a in tr["agency_ids"]))
        for tr in content.get("trends", ())]
    return Document(t("Weekly press-briefing report"), lines,
                    [Table(t("Questions raised at the briefings"), headers, rows),
                     Table(t("Early warning"), trend_headers, trend_rows),
                     *briefing_tables(say, content.get("consultations", {}))],
                    t("briefing-report") + f"-{period.end.astimezone(CITY_ZONE):%Y-%m-%d}")


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def overdue(say: Speaker, rows: list[dict[str, str]], now: datetime, complete: bool) -> Document:
    t = say.gettext
    headers = (t("Inquiry"), t("Kind"), t("Agency"), t("Category"), t("Ward"), t("Received"), t("Due"),
               t("Days late"))
    keys = ("id", "kind", "agency", "category", "ward", "received", "due", "days_late")
    made, when, count = say.f.moment(now), t("Made"), t("Inquiries")
    lines: tuple[str, ...] = (f"{when}: {made}", f"{count}: {say.f.number(len(rows), 0)}")
    if not complete:
        lines += (t("Only the first inquiries are listed: narrow the filters to see the rest."),)
    return Document(t("Overdue inquiries"), lines,
                    [Table(t("List"), headers, [tuple(r[k] for k in keys) for r in rows],
                           frozenset({7}))],
                    t("overdue-inquiries") + f"-{now.astimezone(CITY_ZONE):%Y-%m-%d}")
