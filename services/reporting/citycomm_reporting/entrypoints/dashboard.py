"""The dashboard: one server-rendered page of SVG charts for operators and the city office."""

from __future__ import annotations

from html import escape
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.stats import RESPONSE_EDGES, GroupFigures
from citycomm_reporting.entrypoints import charts
from citycomm_reporting.entrypoints.auth import COOKIE, Deps, caller, identify
from citycomm_reporting.entrypoints.dashboard_page import escalations_table, page
from citycomm_reporting.entrypoints.params import period_of
from citycomm_reporting.service_layer.figures import Dashboard

LOGIN_MAX_BYTES = 4096  # a form with one token


def _operator_or_login(request: Request, deps: Deps) -> Response | None:
    try:
        who = caller(request, deps)
    except HTTPException:
        return RedirectResponse("/dashboard/login", status_code=303)
    if not who.is_operator:
        raise HTTPException(403, "the dashboard is for operators")
    return None


def dashboard_router() -> APIRouter:
    router = APIRouter(tags=["dashboard"], include_in_schema=False, max_body_size=LOGIN_MAX_BYTES)

    @router.get("/dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request, deps: Deps, period: Annotated[Period, Depends(period_of)],
                        agency_id: Annotated[str, Query()] = "") -> Response:
        if (login := _operator_or_login(request, deps)) is not None:
            return login
        shown = await deps.figures.dashboard(period, agency_id)
        return HTMLResponse(render(shown, period, agency_id))

    @router.get("/dashboard/login", response_class=HTMLResponse)
    async def login_form() -> str:
        return page_login()

    @router.post("/dashboard/login")
    async def login(request: Request, deps: Deps) -> Response:
        try:
            token = parse_qs((await request.body()).decode()).get("token", [""])[0]
        except UnicodeDecodeError:
            return HTMLResponse(page_login("The form was not UTF-8."), status_code=400)
        who = identify(token, deps.settings) if token else None
        if who is None or not who.is_operator:
            return HTMLResponse(page_login("That token is not an operator's."), status_code=401)
        response = RedirectResponse("/dashboard", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=deps.settings.environment == "production")
        return response

    return router


def render(shown: Dashboard, period: Period, agency_id: str) -> str:
    """The page around the charts of what the service layer found."""
    names, total = shown.names, shown.total
    backlog = sorted((g for g in shown.by_agency if g.open_now), key=lambda g: -g.open_now)[:15]
    sections = {
        "On-time rate over time": charts.line_chart("on-time", "on-time rate per period", shown.on_time),
        "Backlog and overdue by agency (now)": charts.bar_chart(
            "backlog", "open and overdue inquiries by agency",
            [(names.get(g.key, g.key), (g.open_now, g.overdue_now)) for g in backlog],
            (("open", "muted"), ("overdue", "alert"))),
        "Response time (office hours), answered in the period": charts.histogram_of_counts(
            "response-time", "response time in office hours", shown.response_counts, RESPONSE_EDGES),
        "Received by category": charts.bar_chart(
            "by-category", "received by category", _top(shown.by_category), (("received", "primary"),)),
        "Received by ward": charts.bar_chart(
            "by-ward", "received by ward", _top(shown.by_ward), (("received", "primary"),)),
        "Latest escalations": escalations_table(shown.escalations, names),
    }
    agencies = sorted({*names, *(g.key for g in shown.by_agency if g.key)}, key=lambda a: names.get(a, a))
    return page(period, agency_id, agencies, names, total, sections, shown.now.astimezone(CITY_ZONE).date())


def _top(groups: list[GroupFigures], count: int = 10) -> list[tuple[str, tuple[float, ...]]]:
    chosen = sorted((g for g in groups if g.received), key=lambda g: (-g.received, g.key))[:count]
    return [(g.key or "(none)", (g.received,)) for g in chosen]


def page_login(problem: str = "") -> str:
    note = f'<p class="problem">{escape(problem)}</p>' if problem else ""
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CityComm reporting</title>'
            '</head><body><h1>CityComm reporting</h1>' + note +
            '<form method="post" action="/dashboard/login"><label>Operator token '
            '<input type="password" name="token" autocomplete="off"></label> <button>Sign in</button>'
            '</form></body></html>')

