"""The dashboard's HTML around its charts: filters, headline figures, sections (escaped throughout)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.stats import GroupFigures

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:20px;color:#222;background:#f6f8fa}
h1{font-size:22px;margin:0 0 10px} h2{font-size:15px;margin:0 0 8px}
form.filters{display:flex;gap:12px;align-items:end;background:#fff;padding:10px;border:1px solid #ddd}
form.filters label{display:flex;flex-direction:column;font-size:12px}
.headline{display:flex;gap:12px;margin:12px 0}
.headline div{background:#fff;border:1px solid #ddd;padding:8px 14px;min-width:110px}
.headline b{display:block;font-size:20px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(590px,1fr));gap:12px}
section{background:#fff;border:1px solid #ddd;padding:10px}
.chart .grid{stroke:#ddd} .chart .axis{font-size:10px;fill:#555} .chart .label{font-size:11px}
.chart .value{font-size:10px;fill:#333} .chart .empty{font-size:12px;fill:#777}
table{border-collapse:collapse;font-size:12px;width:100%} td,th{border-bottom:1px solid #eee;padding:3px}
"""
PERIODS = (("week", "Week"), ("month", "Month"), ("month_1022", "1022 month (25th 12:00)"), ("day", "Day"))


def _options(choices: list[tuple[str, str]], chosen: str) -> str:
    return "".join(f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(t)}</option>'
                   for v, t in choices)


def filters(period: Period, agency_id: str, agencies: list[str], names: Mapping[str, str], at: date) -> str:
    kind = period.kind if period.kind != "range" else "month"
    agency_choices = [("", "All agencies")] + [(a, names.get(a, a)) for a in agencies]
    return (f'<form class="filters" method="get" action="/dashboard">'
            f'<label>Period<select name="period" id="period">{_options(list(PERIODS), kind)}</select></label>'
            f'<label>Containing<input type="date" name="at" id="at" value="{at.isoformat()}"></label>'
            f'<label>Agency<select name="agency_id" id="agency">{_options(agency_choices, agency_id)}'
            f'</select></label><button type="submit" id="apply">Show</button></form>')


def headline(total: GroupFigures | None) -> str:
    figures = total.as_dict() if total else {}
    rate = figures.get("on_time_rate")
    cells = (("received", figures.get("received", 0)), ("answered", figures.get("answered", 0)),
             ("on-time rate", "–" if rate is None else f"{rate:.1%}"),
             ("median (office h)", figures.get("median_working_hours") or "–"),
             ("open now", figures.get("open_now", 0)), ("overdue now", figures.get("overdue_now", 0)))
    return '<div class="headline">' + "".join(
        f'<div data-figure="{escape(name)}">{escape(name)}<b>{escape(str(value))}</b></div>'
        for name, value in cells) + "</div>"


def escalations_table(rows: list[dict[str, Any]], names: Mapping[str, str]) -> str:
    if not rows:
        return '<p class="empty" data-table="escalations">no escalations</p>'
    lines = "".join(
        f'<tr><td>{r["at"].astimezone(CITY_ZONE):%Y-%m-%d %H:%M}</td><td>{escape(r["stage"] or "")}</td>'
        f'<td>{escape(names.get(r["agency_id"] or "", r["agency_id"] or ""))}</td>'
        f'<td>{escape(r["kind"] or "")}</td><td>{escape(r["category"] or "")}</td>'
        f'<td>{escape(r["status"] or "")}</td></tr>' for r in rows)
    return ('<table data-table="escalations"><tr><th>when</th><th>stage</th><th>agency</th><th>kind</th>'
            f'<th>category</th><th>status now</th></tr>{lines}</table>')


def page(period: Period, agency_id: str, agencies: list[str], names: Mapping[str, str],
         total: GroupFigures | None, sections: dict[str, str], today: date) -> str:
    # A day inside the period (its last), which the "containing" filter maps back to the same period.
    at = (period.end.astimezone(CITY_ZONE) - timedelta(days=1)).date() if period.kind != "range" else today
    scope = escape(names.get(agency_id, agency_id) if agency_id else "all agencies")
    body = "".join(f"<section><h2>{escape(title)}</h2>{content}</section>"
                   for title, content in sections.items())
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>CityComm — reporting</title>'
            f'<style>{STYLE}</style></head><body><h1>Who answers, how fast</h1>'
            f'{filters(period, agency_id, agencies, names, at)}'
            f'<p id="selection">{escape(period.label)} · {scope}</p>{headline(total)}'
            f'<div class="grid">{body}</div></body></html>')
