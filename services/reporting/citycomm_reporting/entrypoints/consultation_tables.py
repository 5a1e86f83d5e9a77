"""The consultation reports (issue 20, decision 0108) as Documents in the reader's language: the same
tables on the page, in the PDF, the spreadsheet and the CSV; and their lines in the weekly briefing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.documents import Document, Table
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.entrypoints import charts
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.page_views import no_data, period_title
from citycomm_reporting.entrypoints.templating import Speaker

AUDIENCES = {"press": N_("Press"), "public": N_("Public"), "organisations": N_("Organisations")}
STATUSES = {"open": N_("Open for comments"), "closed": N_("Closed, response due"),
            "responded": N_("Response published")}
RESPONSES = {"on_time": N_("Published on time"), "late": N_("Published late"),
             "overdue": N_("Not published, overdue"), "due": N_("Not published yet"),
             "not_due": N_("Not due yet")}


def _label(say: Speaker, table: Mapping[str, str], code: str) -> str:
    return say.gettext(table.get(code, N_("(other)")) if code else N_("(none)"))


def _at(value: Any) -> datetime | None:
    """A moment as the read model gives it, or as a published report's JSON has it."""
    return datetime.fromisoformat(value) if isinstance(value, str) and value else value or None


def _days(say: Speaker, days: int | None) -> str:
    return "" if days is None else say.f.number(days, 0)


def line_row(say: Speaker, line: Mapping[str, Any]) -> tuple[str, ...]:
    f = say.f
    return (line["title"], say.agency(line["agency_id"]), f.day(_at(line["opens_at"])),
            f.day(_at(line["closes_at"])), _days(say, line["period_days"]), f.number(line["comments"], 0),
            _label(say, STATUSES, line["status"]), f.moment(_at(line["response_due_at"])),
            f.moment(_at(line["response_published_at"])), _label(say, RESPONSES, line["response"]))


def _line_headers(say: Speaker) -> tuple[str, ...]:
    t = say.gettext
    return (t("Draft"), t("Drafting agency"), t("Opens"), t("Closes"), t("Days"), t("Comments"), t("Status"),
            t("Response due"), t("Response published"), t("Response"))


def lines_table(say: Speaker, caption: str, lines: Sequence[Mapping[str, Any]]) -> Table:
    return Table(say.gettext(caption), _line_headers(say), [line_row(say, x) for x in lines],
                 frozenset({4, 5}))


def _counts(say: Speaker, caption: str, first: str, pairs: Sequence[tuple[str, int]],
            name: Any = None) -> Table:
    t = say.gettext
    rows: list[tuple[str, ...]] = [((name(key) if name else key) or t("(none)"), say.f.number(count, 0))
                                   for key, count in pairs]
    return Table(t(caption), (t(first), t("Comments")), rows, frozenset({1}))


def consultation(say: Speaker, report: Mapping[str, Any], now: datetime) -> Document:
    t, f = say.gettext, say.f
    day = (lambda key: f.day(date.fromisoformat(key))) if report["by_day"] else None
    tables = [lines_table(say, N_("The consultation"), [report]),
              _counts(say, N_("Comments by audience"), N_("Audience"), report["by_audience"],
                      lambda code: _label(say, AUDIENCES, code)),
              _counts(say, N_("Comments by article"), N_("Article"), report["by_article"]),
              _counts(say, N_("Comments by theme"), N_("Theme"), report["by_theme"]),
              _counts(say, N_("Comments by day"), N_("Day"), report["by_day"], day)]
    made, comments, refused = t("Made"), t("Comments"), t("Refused after the close")
    response, link, title = t("Response"), t("Summary and response"), t("Consultation report")
    lines: tuple[str, ...] = (f"{made}: {f.moment(now)}", " · ".join((
        f"{comments}: {f.number(report['comments'], 0)}",
        f"{refused}: {f.number(report['comments_refused'], 0)}",
        f"{response}: {_label(say, RESPONSES, report['response'])}")))
    if report["response_url"]:
        lines += (f"{link}: {report['response_url']}",)
    return Document(f"{title}: {report['title']}", lines, tables,
                    t("consultation-report") + f"-{report['consultation_id']}")


def across(say: Speaker, content: Mapping[str, Any], period: Period, agency_id: str = "") -> Document:
    t, f, s = say.gettext, say.f, content["summary"]
    headers = (t("Drafting agency"), t("Drafts consulted"), t("Average days"), t("Comments"),
               t("Answered"), t("Answered on time"), t("Not published, overdue"))
    agencies: list[tuple[str, ...]] = [
        (say.agency(g["agency_id"]), f.number(g["drafts"], 0), f.number(g["average_days"]),
         f.number(g["comments"], 0), f.number(g["answered"], 0), f.number(g["on_time"], 0),
         f.number(g["overdue"], 0)) for g in content["by_agency"]]
    figures = ((t("Drafts consulted"), s["drafts"]), (t("Comments"), s["comments"]),
               (t("Answered"), s["answered"]),
               (t("Answered on time"), s["on_time"]), (t("Not published, overdue"), s["overdue"]))
    word, made, agency = t("Period"), t("Made"), t("Drafting agency")
    lines: tuple[str, ...] = (f"{word}: {period_title(say, period)}",
                              f"{made}: {f.moment(_at(content['generated_at']))}",
                              " · ".join(f"{name}: {f.number(value, 0)}" for name, value in figures))
    if agency_id:
        lines += (f"{agency}: {say.agency(agency_id)}",)
    return Document(t("Consultations on draft documents"), lines,
                    [lines_table(say, N_("Drafts consulted"), content["consultations"]),
                     Table(t("By drafting agency"), headers, agencies, frozenset(range(1, 7)))],
                    t("consultations-report") + f"-{period.start.astimezone(CITY_ZONE):%Y-%m-%d}")


def briefing_tables(say: Speaker, consulted: Mapping[str, Any]) -> list[Table]:
    """The weekly briefing's consultations: opened, closing and answered in the week."""
    return [lines_table(say, N_("Consultations opened this week"), consulted.get("opened", ())),
            lines_table(say, N_("Consultations closing this week"), consulted.get("closing", ())),
            lines_table(say, N_("Consultations answered this week"), consulted.get("answered", ()))]


def comment_charts(say: Speaker, report: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Comments by audience and by day, as bars: (title, svg)."""
    by_audience = [(_label(say, AUDIENCES, k), (float(n),)) for k, n in report["by_audience"]]
    by_day = [(say.f.day(date.fromisoformat(k)), (float(n),)) for k, n in report["by_day"]]
    series = ((say.gettext("Comments"), "primary"),)
    found: list[tuple[str, str]] = []
    for name, title, rows in (("comments-by-audience", say.gettext("Comments by audience"), by_audience),
                              ("comments-by-day", say.gettext("Comments by day"), by_day)):
        chart = charts.bar_chart(name, title, rows, series) if rows else no_data(say, name, title)
        found.append((title, chart))
    return found
