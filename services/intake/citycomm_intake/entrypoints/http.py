"""Intake's REST API: submissions and status look-ups."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, status

from citycomm.v1 import common_pb2
from citycomm_common.health import Readiness, health_router
from citycomm_common.wards import AmbiguousWard, UnknownWard
from citycomm_intake import bootstrap
from citycomm_intake.adapters.publisher import BrokerUnavailable
from citycomm_intake.adapters.reporting_client import ReportingUnavailable
from citycomm_intake.bootstrap import Services
from citycomm_intake.domain.identity import inquiry_id, normalize_tracking_code, tracking_code
from citycomm_intake.domain.submissions import FeedbackIn, feedback_command
from citycomm_intake.entrypoints import problems
from citycomm_intake.settings import IntakeSettings

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
RETRY_AFTER = {"Retry-After": "5"}


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


Deps = Annotated[Services, Depends(services)]


def field_error(field: str, message: str) -> HTTPException:
    return HTTPException(422, detail=f"{field}: {message}")


def submissions_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["submissions"])

    @router.post("/feedback", status_code=status.HTTP_202_ACCEPTED)
    async def submit_feedback(body: FeedbackIn, deps: Deps, request: Request,
                              idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
        """Phản ánh, kiến nghị: accepted once the broker has acknowledged the command."""
        if body.category not in deps.categories:
            raise field_error("category", f"unknown category {body.category!r}")
        try:
            ward = deps.wards.resolve(body.ward)
        except (UnknownWard, AmbiguousWard) as exc:
            raise field_error("ward", str(exc)) from exc
        inquiry = inquiry_id(f"citizen:{body.model_dump_json()}", idempotency_key)
        code = tracking_code(deps.tracking_secret, inquiry)
        command = feedback_command(
            body, inquiry=inquiry, code=code, ward_code=ward.code,
            actor=common_pb2.Actor(role=common_pb2.ROLE_CITIZEN), channel="rest",
            received=deps.clock.now())
        try:
            await deps.publisher.publish(command)
        except BrokerUnavailable as exc:
            raise HTTPException(503, "The platform cannot record inquiries right now; retry "
                                "with the same Idempotency-Key.", headers=RETRY_AFTER) from exc
        return {"inquiry_id": inquiry, "tracking_code": code, "status": "submitted",
                "links": {"status": str(request.url_for("track", code=code))}}

    @router.get("/track/{code}", name="track")
    async def track(code: str, deps: Deps) -> dict[str, Any]:
        """Where an inquiry stands, by its tracking code (open to anyone holding the code)."""
        try:
            normalized = normalize_tracking_code(code)
        except ValueError as exc:
            raise HTTPException(404, "No inquiry has this tracking code.") from exc
        try:
            found = await deps.reporting.by_tracking_code(normalized)
        except ReportingUnavailable as exc:
            raise HTTPException(503, "Status look-ups are unavailable; retry later.",
                                headers=RETRY_AFTER) from exc
        if found is None:
            raise HTTPException(404, "No inquiry has this tracking code (yet).")
        return found

    return router


def create_api(settings: IntakeSettings) -> FastAPI:
    readiness = Readiness()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        api.state.services = await bootstrap.start(settings)
        readiness.add("broker", lambda: api.state.services.probe.reachable)
        yield
        await bootstrap.stop(api.state.services)

    api = FastAPI(title="CityComm intake", version="1", lifespan=lifespan)
    problems.install(api)
    api.include_router(health_router(readiness))
    api.include_router(submissions_router())

    @api.middleware("http")
    async def bounded_body(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length and (not length.isdigit() or int(length) > settings.max_body_bytes):
            return problems.problem(413, "Request body too large",
                                    f"At most {settings.max_body_bytes} bytes.")
        return await call_next(request)

    return api
