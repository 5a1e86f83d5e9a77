"""The consultation reports' pages (issue 20, decision 0108): across agencies for a period, and one
consultation's, each as a page and as PDF, XLSX and CSV. Leadership and operators see every
consultation; an agency its own drafts (the consultation's drafting agency)."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from citycomm_reporting.domain.documents import Document
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.entrypoints import consultation_tables as tables
from citycomm_reporting.entrypoints import page_views as views
from citycomm_reporting.entrypoints.auth import Deps
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.page_params import PageRoute, page_period
from citycomm_reporting.entrypoints.pages import FORM_MAX_BYTES, refusal
from citycomm_reporting.entrypoints.sessions import SignedIn
from citycomm_reporting.entrypoints.templating import Speaker, render, speaker
from citycomm_reporting.service_layer.consultations import consultations_of
from citycomm_reporting.service_layer.files import as_file

PeriodOf = Annotated[Period, Depends(page_period)]
Say = Annotated[Speaker, Depends(speaker)]
ConsultationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]
Format = Literal["pdf", "xlsx", "csv"]


def _file(document: Document, format: str) -> Response:  # noqa: A002
    content, media_type = as_file(document, format)
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{document.file_stem}.{format}"'})


def consultation_pages_router() -> APIRouter:
    router = APIRouter(prefix="/dashboard/consultations", tags=["pages"], include_in_schema=False,
                       max_body_size=FORM_MAX_BYTES, route_class=PageRoute)

    async def across(deps: Deps, say: Speaker, person: SignedIn, period: Period) -> Document:
        content = await consultations_of(deps.engine, deps.clock).across(period, person.scope())
        return tables.across(say, content, period, person.scope())

    @router.get("")
    async def consultations(request: Request, deps: Deps, say: Say, person: SignedIn,
                            period: PeriodOf) -> Response:
        content = await consultations_of(deps.engine, deps.clock).across(period, person.scope())
        document = tables.across(say, content, period, person.scope())
        links = [(c["title"] or c["consultation_id"], f"/dashboard/consultations/{c['consultation_id']}")
                 for c in content["consultations"]]
        return render(request, say, "consultations.html", person, document=document, period=period,
                      at=views.chosen_day(period), links=links, charts=[], with_period=True,
                      file_url="/dashboard/consultations/file",
                      query=urlencode(dict(request.query_params)))

    @router.get("/file")
    async def consultations_file(deps: Deps, say: Say, person: SignedIn, period: PeriodOf,
                                 format: Format = "xlsx") -> Response:  # noqa: A002
        return _file(await across(deps, say, person, period), format)

    async def one(consultation_id: str, request: Request, deps: Deps, say: Speaker,
                  person: SignedIn) -> tuple[dict[str, object] | None, Response | None]:
        report = await consultations_of(deps.engine, deps.clock).report(consultation_id)
        if report is None:
            return None, refusal(request, say, person, 404, N_("There is no such consultation."))
        if not person.may_see_agency(str(report["agency_id"])):
            return None, refusal(request, say, person, 403, N_("An agency sees its own drafts only."))
        return report, None

    @router.get("/{consultation_id}")
    async def consultation(consultation_id: ConsultationId, request: Request, deps: Deps, say: Say,
                           person: SignedIn) -> Response:
        report, refused = await one(consultation_id, request, deps, say, person)
        if report is None:
            return refused  # type: ignore[return-value]
        return render(request, say, "consultations.html", person,
                      document=tables.consultation(say, report, deps.clock.now()), links=[],
                      charts=tables.comment_charts(say, report), with_period=False,
                      file_url=f"/dashboard/consultations/{consultation_id}/file",
                      query=urlencode(dict(request.query_params)))

    @router.get("/{consultation_id}/file")
    async def consultation_file(consultation_id: ConsultationId, request: Request, deps: Deps, say: Say,
                                person: SignedIn, format: Format = "xlsx") -> Response:  # noqa: A002
        report, refused = await one(consultation_id, request, deps, say, person)
        if report is None:
            return refused  # type: ignore[return-value]
        return _file(tables.consultation(say, report, deps.clock.now()), format)

    return router
