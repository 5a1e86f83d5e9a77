"""`make run`'s trace viewer: an OTLP/HTTP receiver that keeps spans in memory and shows one inquiry's
traces as waterfalls (the services export to it; nothing is kept after it stops)."""

from __future__ import annotations

import os
import re
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from citycomm_dev import trace_pages
from citycomm_dev.traces import TraceStore, spans_of

INQUIRY_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


async def inquiry_of(reference: str, lookup_url: str) -> str | None:
    """An inquiry id as given, or the one a tracking code names (reporting's open look-up by code)."""
    if INQUIRY_ID.match(reference.lower()):
        return reference.lower()
    url = f"{lookup_url}/v1/inquiries/by-tracking-code/{quote(reference, safe='')}"
    async with httpx.AsyncClient(timeout=5) as client:
        try:
            answer = await client.get(url)
        except httpx.HTTPError:
            return None
    return str(answer.json()["inquiry_id"]) if answer.status_code == 200 else None


def create_viewer(lookup_url: str, store: TraceStore | None = None) -> FastAPI:
    """`lookup_url`: reporting's base URL, where a tracking code names its inquiry."""
    traces = store or TraceStore()
    api = FastAPI(title="CityComm trace viewer")

    async def of_inquiry(reference: str) -> tuple[str, list[str]]:
        inquiry_id = await inquiry_of(reference.strip(), lookup_url)
        if inquiry_id is None:
            raise HTTPException(404, "no inquiry has this id or tracking code")
        return inquiry_id, traces.of_inquiry(inquiry_id)

    @api.post("/v1/traces")
    async def export(request: Request) -> Response:
        try:
            received = ExportTraceServiceRequest.FromString(await request.body())
        except DecodeError as exc:
            raise HTTPException(400, f"not an OTLP ExportTraceServiceRequest: {exc}") from exc
        traces.add(spans_of(received))
        return Response(ExportTraceServiceResponse().SerializeToString(), media_type="application/x-protobuf")

    @api.get("/", response_class=HTMLResponse)
    async def recent() -> str:
        return trace_pages.recent_page(traces.recent())

    @api.get("/search")
    async def search(q: str) -> RedirectResponse:
        return RedirectResponse(f"/inquiries/{quote(q.strip(), safe='')}", status_code=303)

    @api.get("/traces/{trace_id}", response_class=HTMLResponse)
    async def one(trace_id: str) -> HTMLResponse:
        spans = traces.trace(trace_id)
        if not spans:
            missing = f"Không có dấu vết {trace_id}. / No such trace (yet)."
            return HTMLResponse(trace_pages.not_found(missing), 404)
        return HTMLResponse(trace_pages.trace_page(trace_id, spans))

    @api.get("/inquiries/{reference}", response_class=HTMLResponse)
    async def inquiry(reference: str) -> HTMLResponse:
        try:
            inquiry_id, ids = await of_inquiry(reference)
        except HTTPException:
            return HTMLResponse(trace_pages.not_found(
                f"Không có hồ sơ nào mang mã {reference}. / No inquiry has this id or tracking code."), 404)
        return HTMLResponse(trace_pages.inquiry_page(inquiry_id, [(t, traces.trace(t)) for t in ids]))

    @api.get("/api/inquiries/{reference}")
    async def inquiry_json(reference: str) -> dict[str, Any]:
        inquiry_id, ids = await of_inquiry(reference)
        return {"inquiry_id": inquiry_id,
                "traces": [{"trace_id": t, "spans": [asdict(s) for s in traces.trace(t)]} for t in ids]}

    @api.get("/livez")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return api


def main() -> None:
    import uvicorn

    port = int(os.environ.get("CITYCOMM_TRACE_VIEWER_PORT", "8091"))
    lookup = os.environ.get("CITYCOMM_TRACE_VIEWER_LOOKUP_URL", "http://127.0.0.1:8083")
    uvicorn.run(create_viewer(lookup), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
