"""Reporting's REST surface: inquiry status look-ups (more reports and the dashboard join it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from citycomm_reporting.adapters.store import ReadModel


def read_model(request: Request) -> ReadModel:
    return request.app.state.read_model  # type: ignore[no-any-return]


def inquiries_router() -> APIRouter:
    router = APIRouter(prefix="/v1/inquiries", tags=["inquiries"])

    @router.get("/by-tracking-code/{code}")
    async def by_tracking_code(code: str, model: Annotated[ReadModel, Depends(read_model)]) -> dict[str, Any]:
        row = await model.inquiry(tracking_code=code)
        if row is None:
            raise HTTPException(404, "no inquiry has this tracking code")
        return row

    return router
