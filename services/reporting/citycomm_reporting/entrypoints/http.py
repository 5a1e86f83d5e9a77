"""Reporting's REST surface for inquiries: look-ups, audit trails, listings and exports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Response
from fastapi.responses import StreamingResponse

from citycomm_common.problems import responses
from citycomm_reporting.domain.exports import INQUIRY_EXPORT_COLUMNS, to_csv, to_json
from citycomm_reporting.domain.paging import BadPageToken
from citycomm_reporting.entrypoints.auth import AnyCaller, Deps
from citycomm_reporting.entrypoints.params import Filter, csv_or_json


def inquiries_router() -> APIRouter:
    router = APIRouter(prefix="/v1/inquiries", tags=["inquiries"])

    @router.get("/by-tracking-code/{code}", responses=responses(404))
    async def by_tracking_code(code: str, deps: Deps) -> dict[str, Any]:
        """Open to anyone holding the code: the status, never who submitted it."""
        found = await deps.inquiries.tracked(code)
        if found is None:
            raise HTTPException(404, "no inquiry has this tracking code")
        return found

    @router.get("", responses=responses(401, 422))
    async def listing(deps: Deps, where: Filter, page_size: int = 50, page_token: str = "") -> dict[str, Any]:
        try:
            rows, token = await deps.inquiries.page(where, size=page_size, token=page_token)
        except BadPageToken as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"inquiries": rows, "next_page_token": token}

    @router.get("/{inquiry_id}", responses=responses(401, 404))
    async def one(inquiry_id: str, deps: Deps, who: AnyCaller) -> dict[str, Any]:
        return await _visible(deps, who, inquiry_id)

    @router.get("/{inquiry_id}/history", responses=responses(401, 404))
    async def history(inquiry_id: str, deps: Deps, who: AnyCaller) -> dict[str, Any]:
        await _visible(deps, who, inquiry_id)
        return {"inquiry_id": inquiry_id, "entries": await deps.inquiries.history(inquiry_id)}

    return router


async def _visible(deps: Deps, who: AnyCaller, inquiry_id: str) -> dict[str, Any]:
    row = await deps.inquiries.visible(who, inquiry_id)
    if row is None:
        raise HTTPException(404, "no such inquiry")  # the same answer whether it exists or not
    return row


def exports_router() -> APIRouter:
    router = APIRouter(prefix="/v1/exports", tags=["exports"])

    @router.get("/inquiries", responses={**csv_or_json("CSV (the default) or, with format=json, JSON"),
                                         **responses(401, 422)})
    async def export_inquiries(deps: Deps, where: Filter,
                               format: Literal["csv", "json"] = "csv") -> Response:  # noqa: A002
        """Streamed page by page, so a city-wide export never sits in memory whole."""
        batches = deps.inquiries.export(where)
        if format == "json":
            return StreamingResponse(json_array(batches), media_type="application/json")
        return StreamingResponse(csv_text(batches), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="inquiries.csv"'})

    return router


async def csv_text(batches: AsyncIterator[list[dict[str, Any]]]) -> AsyncIterator[str]:
    yield to_csv([], INQUIRY_EXPORT_COLUMNS)
    async for batch in batches:
        yield to_csv(batch, INQUIRY_EXPORT_COLUMNS, header=False)


async def json_array(batches: AsyncIterator[list[dict[str, Any]]]) -> AsyncIterator[str]:
    first = True
    yield "["
    async for batch in batches:
        if batch:
            yield ("" if first else ",") + to_json(batch)[1:-1]
            first = False
    yield "]"
