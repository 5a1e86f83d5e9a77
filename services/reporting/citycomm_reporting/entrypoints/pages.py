"""The pages leaders, operators and agencies read (decision 0085): city overview, agency ranking,
each agency, overdue inquiries, categories and wards, and the two reports as printable pages, PDF,
XLSX and CSV. Vietnamese first; every page needs a person signed in (sessions.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from citycomm_reporting.domain import reports
from citycomm_reporting.domain.documents import Document
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.paging import BadPageToken
from citycomm_reporting.domain.people import Person
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.sign_in import SignInFailed, Started
from citycomm_reporting.entrypoints import page_views as views
from citycomm_reporting.entrypoints import report_tables
from citycomm_reporting.entrypoints.auth import Deps
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.page_params import BAD_PAGE_LINK, BadPageInput, PageRoute, page_period
from citycomm_reporting.entrypoints.sessions import (
    SESSION_COOKIE,
    SignedIn,
    check_form_token,
    form_token,
    session_value,
    signed_value,
    unsigned_value,
)
from citycomm_reporting.entrypoints.templating import Speaker, render, speaker
from citycomm_reporting.entrypoints.trend_views import concerning, trend_rows
from citycomm_reporting.service_layer.files import as_file

FORM_MAX_BYTES = 4096
OVERDUE_FILE_ROWS = 20_000
BRIEFING_PAGE_QUESTIONS = 200  # the weekly report's page; its files list every question
OIDC_COOKIE, OIDC_SECONDS = "citycomm_oidc", 600  # a sign-in at the city's provider, under way
log = logging.getLogger(__name__)
PeriodOf = Annotated[Period, Depends(page_period)]
Say = Annotated[Speaker, Depends(speaker)]


def _local(path: str) -> str:
    return path if path.startswith("/dashboard") and not path.startswith("//") else "/dashboard"


def refusal(request: Request, say: Speaker, person: Person | None, status: int, why: str) -> Response:
    """A refusal a person reads, in their language, with the pages' header to go elsewhere."""
    return render(request, say, "refused.html", person, status_code=status, why=say.gettext(why))


def _city_only(request: Request, say: Speaker, person: Person) -> Response | None:
    if person.sees_the_city:
        return None
    return refusal(request, say, person, 403, N_("This page shows every agency: an agency sees its own."))


def pages_router() -> APIRouter:
    router = APIRouter(prefix="/dashboard", tags=["pages"], include_in_schema=False,
                       max_body_size=FORM_MAX_BYTES, route_class=PageRoute)

    @router.get("")
    async def overview(request: Request, deps: Deps, say: Say, person: SignedIn,
                       period: PeriodOf) -> Response:
        if not person.sees_the_city:
            return RedirectResponse(f"/dashboard/agencies/{person.agency_id}", status_code=303)
        shown = await deps.figures.dashboard(period)
        groups = [g.as_dict() for g in shown.by_agency]
        return render(request, say, "overview.html", person, period=period,
                      title=views.period_title(say, period), at=views.chosen_day(period),
                      total=shown.total.as_dict() if shown.total else None,
                      trend=views.on_time_chart(say, shown.on_time),
                      late=views.bars(say, "overdue-by-agency",
                                      say.gettext("Overdue and open by agency (now)"),
                                      "agency", groups, (("overdue_now", N_("Overdue"), "alert"),
                                                         ("open_now", N_("Open"), "muted"))),
                      response=views.response_chart(say, shown.response_counts),
                      categories=views.bars(say, "by-category", say.gettext("Received by category"),
                                            "category",
                                            [g.as_dict() for g in shown.by_category],
                                            (("received", N_("Received"), "primary"),)),
                      escalations=shown.escalations)

    @router.get("/ranking")
    async def ranking(request: Request, deps: Deps, say: Say, person: SignedIn, period: PeriodOf) -> Response:
        if (refused := _city_only(request, say, person)) is not None:
            return refused
        now, before = await views.agency_groups(deps, period)
        ranked = views.ranking(now, before, say, deps.settings.ranking_min_volume)
        chart = views.bars(say, "on-time-by-agency", say.gettext("On-time rate by agency"), "agency",
                           [{**a, "rate": round(100 * (a["on_time_rate"] or 0), 1)}
                            for a in ranked["by_rate"]],
                           (("rate", N_("On-time rate (%)"), "ok"),), count=20)
        return render(request, say, "ranking.html", person, period=period,
                      title=views.period_title(say, period),
                      at=views.chosen_day(period), ranked=ranked, chart=chart,
                      min_volume=deps.settings.ranking_min_volume)

    @router.get("/trends")
    async def trends(request: Request, deps: Deps, say: Say, person: SignedIn) -> Response:
        # An agency sees the trends that concern it: those whose inquiries were assigned to it.
        rows = trend_rows(say, concerning(deps.trend_board.views(), person.scope()), deps.clock.now())
        return render(request, say, "trends.html", person, rows=rows)

    @router.get("/agencies/{agency_id}")
    async def agency(agency_id: str, request: Request, deps: Deps, say: Say, person: SignedIn,
                     period: PeriodOf) -> Response:
        if not person.may_see_agency(agency_id):
            return refusal(request, say, person, 403, N_("An agency sees its own figures only."))
        if agency_id not in deps.display.agencies:
            return refusal(request, say, person, 404, N_("There is no such agency."))
        shown, slowest = await asyncio.gather(deps.figures.dashboard(period, agency_id),
                                              deps.inquiries.slowest_overdue(agency_id, views.SLOWEST))
        return render(request, say, "agency.html", person, period=period, agency_id=agency_id,
                      name=say.agency(agency_id), title=views.period_title(say, period),
                      at=views.chosen_day(period), total=shown.total.as_dict() if shown.total else None,
                      trend=views.on_time_chart(say, shown.on_time),
                      response=views.response_chart(say, shown.response_counts),
                      slowest=[views.inquiry_row(say, r, shown.now) for r in slowest])

    @router.get("/overdue")
    async def overdue(request: Request, deps: Deps, say: Say, person: SignedIn, agency_id: str = "",
                      category: str = "", ward_code: str = "", kind: str = "",
                      page_token: Annotated[str, Query(max_length=200)] = "") -> Response:
        where = InquiryFilter(agency_id=person.scope() or agency_id, category=category,
                              ward_code=ward_code, kind=kind, overdue_only=True)
        try:
            rows, next_token = await deps.inquiries.page(where, size=100, token=page_token)
        except BadPageToken:
            raise BadPageInput(BAD_PAGE_LINK) from None
        now = deps.clock.now()
        query = {k: v for k, v in request.query_params.items() if k != "page_token"}
        return render(request, say, "overdue.html", person, where=where,
                      rows=[views.inquiry_row(say, r, now) for r in rows],
                      next_url=f"?{urlencode({**query, 'page_token': next_token})}" if next_token else "",
                      choices=_choices(say, deps, person), file_query=urlencode(query))

    @router.get("/overdue/file")
    async def overdue_file(deps: Deps, say: Say, person: SignedIn, agency_id: str = "", category: str = "",
                           ward_code: str = "", kind: str = "",
                           format: Literal["pdf", "xlsx", "csv"] = "xlsx") -> Response:  # noqa: A002
        """The whole overdue list as filtered, up to OVERDUE_FILE_ROWS (the file says when it stops)."""
        where = InquiryFilter(agency_id=person.scope() or agency_id, category=category,
                              ward_code=ward_code, kind=kind, overdue_only=True)
        rows: list[dict[str, Any]] = []
        token = ""
        while len(rows) < OVERDUE_FILE_ROWS:
            found, token = await deps.inquiries.page(where, size=500, token=token)
            rows.extend(found)
            if not token:
                break
        document = report_tables.overdue(say, [views.inquiry_row(say, r, deps.clock.now()) for r in rows],
                                         deps.clock.now(), complete=not token)
        content, media_type = as_file(document, format)
        return Response(content, media_type=media_type, headers={
            "Content-Disposition": f'attachment; filename="{document.file_stem}.{format}"'})

    @router.get("/categories")
    async def categories(request: Request, deps: Deps, say: Say, person: SignedIn,
                         period: PeriodOf) -> Response:
        return await _breakdown("categories", request, deps, say, person, period)

    @router.get("/wards")
    async def wards(request: Request, deps: Deps, say: Say, person: SignedIn, period: PeriodOf) -> Response:
        return await _breakdown("wards", request, deps, say, person, period)

    @router.get("/reports/{kind}")
    async def report_page(kind: Literal["monthly", "weekly"], request: Request, deps: Deps, say: Say,
                          person: SignedIn, period: PeriodOf) -> Response:
        if (refused := _city_only(request, say, person)) is not None:
            return refused
        document, period = await _document(kind, deps, say, period, BRIEFING_PAGE_QUESTIONS)
        return render(request, say, "report.html", person, document=document, kind=kind, period=period,
                      at=views.chosen_day(period), query=urlencode(dict(request.query_params)),
                      form_token=form_token(request, deps))

    @router.get("/reports/{kind}/file")
    async def report_file(kind: Literal["monthly", "weekly"], request: Request, deps: Deps, say: Say,
                          person: SignedIn, period: PeriodOf,
                          format: Literal["pdf", "xlsx", "csv"] = "pdf") -> Response:  # noqa: A002
        if (refused := _city_only(request, say, person)) is not None:
            return refused
        document, _ = await _document(kind, deps, say, period)
        content, media_type = as_file(document, format)
        return Response(content, media_type=media_type, headers={
            "Content-Disposition": f'attachment; filename="{document.file_stem}.{format}"'})

    @router.post("/reports/{kind}/publish")
    async def publish(kind: Literal["monthly", "weekly"], request: Request, deps: Deps, person: SignedIn,
                      period: PeriodOf) -> Response:
        if not person.may_publish:
            raise HTTPException(403, "only operators publish reports")
        check_form_token(request, deps, (await _form(request)).get("form_token", ""))
        which = reports.MONTHLY if kind == "monthly" else reports.WEEKLY_BRIEFING
        record = await deps.reports.on_demand(which, period)
        return RedirectResponse(f"/dashboard/reports/{kind}?{urlencode({'published': record.report_id})}",
                                status_code=303)

    sign_in_routes(router)
    return router


async def _breakdown(dimension: str, request: Request, deps: Deps, say: Speaker, person: Person,
                     period: Period) -> Response:
    by = {"categories": "category", "wards": "ward"}[dimension]
    groups = await deps.figures.groups(period, by, InquiryFilter(agency_id=person.scope()))
    caption, first = (N_("By category"), N_("Category")) if by == "category" else (N_("By ward"), N_("Ward"))
    table = report_tables.figure_table(say, caption, first, by, groups)
    chart = views.bars(say, f"by-{by}", say.gettext("Received and overdue now"), by, groups,
                       (("received", N_("Received"), "primary"), ("overdue_now", N_("Overdue"), "alert")),
                       count=15)
    return render(request, say, "breakdown.html", person, period=period, dimension=dimension,
                  title=views.period_title(say, period), at=views.chosen_day(period), table=table,
                  chart=chart)


async def _document(kind: str, deps: Deps, say: Speaker, period: Period,
                    first: int | None = None) -> tuple[Document, Period]:
    """The report as a Document; the weekly one's page shows its `first` questions (files all)."""
    if kind == "monthly":
        return report_tables.monthly(say, await deps.reports.monthly_to_read(period), period), period
    weeks = reports.briefings_until(deps.clock.now(), deps.settings.briefing_lookback_days)
    return report_tables.weekly(say, await deps.reports.briefing_content(weeks, first), weeks), weeks


def _choices(say: Speaker, deps: Deps, person: Person) -> dict[str, list[tuple[str, str]]]:
    agencies = [person.agency_id] if not person.sees_the_city else list(deps.display.agencies)
    return {"agency_id": sorted(((a, say.agency(a)) for a in agencies), key=lambda c: c[1]),
            "category": sorted(((c, say.category(c)) for c in deps.display.categories), key=lambda c: c[1]),
            "ward_code": sorted(((w, say.ward(w)) for w in deps.display.wards), key=lambda c: c[1]),
            "kind": [(k, say.kind(k)) for k in views.KIND_CODES]}


def _callback_url(request: Request, deps: Deps) -> str:
    return deps.settings.oidc_redirect_url or str(request.url_for("oidc_callback"))


def _start_session(response: Response, deps: Deps, value: str) -> None:
    response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="lax", path="/",
                        max_age=int(deps.settings.session_hours * 3600),
                        secure=deps.settings.environment == "production")


async def _form(request: Request) -> dict[str, str]:
    try:
        return {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the form was not UTF-8") from exc


def sign_in_routes(router: APIRouter) -> None:
    @router.get("/login")
    async def login_form(request: Request, deps: Deps, say: Say,
                         next: str = "/dashboard", form: bool = False) -> Response:  # noqa: A002
        """With the city's provider configured, people go there (the form stays, with ?form=true)."""
        if deps.oidc is None or form:
            return render(request, say, "login.html", None, next=_local(next))
        started = await deps.oidc.start(_callback_url(request, deps))
        response = RedirectResponse(started.url, status_code=303)
        response.set_cookie(OIDC_COOKIE, signed_value(deps, "oidc", {
            "state": started.state, "nonce": started.nonce, "verifier": started.code_verifier,
            "next": _local(next)}), httponly=True, samesite="lax", path="/dashboard/oidc",
            max_age=OIDC_SECONDS, secure=deps.settings.environment == "production")
        return response

    @router.get("/oidc/callback", name="oidc_callback")
    async def oidc_callback(request: Request, deps: Deps, say: Say, code: str = "",
                            state: str = "") -> Response:
        started = unsigned_value(deps, "oidc", request.cookies.get(OIDC_COOKIE, ""), OIDC_SECONDS)
        if deps.oidc is None or started is None or not code or state != started.get("state"):
            return refusal(request, say, None, 400, N_("The sign-in took too long or was not started here."))
        try:
            person = await deps.oidc.finish(_callback_url(request, deps), code, Started(
                "", started["state"], started["nonce"], started["verifier"]))
        except SignInFailed as exc:
            log.warning("sign-in through the city's provider refused: %s", exc)
            return refusal(request, say, None, 403, N_("The city's sign-in gave no role for these pages."))
        response = RedirectResponse(started["next"], status_code=303)
        _start_session(response, deps, session_value(deps, person, from_provider=True))
        response.delete_cookie(OIDC_COOKIE, path="/dashboard/oidc")
        return response

    @router.post("/login")
    async def login(request: Request, deps: Deps, say: Say) -> Response:
        form = await _form(request)
        person = deps.people.check(form.get("login", "").strip(), form.get("password", ""))
        if person is None:
            return render(request, say, "login.html", None, status_code=401,
                          next=_local(form.get("next", "")),
                          problem=say.gettext("The name or the password is wrong."))
        response = RedirectResponse(_local(form.get("next", "")), status_code=303)
        _start_session(response, deps, session_value(deps, person))
        return response

    @router.post("/logout")
    async def logout() -> Response:
        response = RedirectResponse("/dashboard/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
