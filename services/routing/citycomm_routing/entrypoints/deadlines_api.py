"""The public deadline calculator: "received at T, when is it due under policy P (or for kind K)?"."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from citycomm_common.moments import Moment
from citycomm_common.problems import responses
from citycomm_routing.domain.deadline_policies import (
    DeadlinePolicy,
    NoDeadlinePolicy,
    attribute_value,
)
from citycomm_routing.service_layer.deadline_calculator import DeadlineCalculator, UnclearQuestion

_OWN_PARAMETERS = {"policy", "kind", "received_at"}


def _describe(policy: DeadlinePolicy) -> dict[str, Any]:
    return policy.model_dump(mode="json", by_alias=True, exclude_defaults=False)


def deadlines_router(calculator: DeadlineCalculator) -> APIRouter:
    router = APIRouter(prefix="/v1/deadlines", tags=["deadlines"])

    @router.get("/policies")
    async def policies() -> list[dict[str, Any]]:
        return [_describe(p) for p in calculator.policies()]

    @router.get("/calculate", responses=responses(404, 422))
    async def calculate(
        request: Request,
        received_at: Annotated[Moment, Query(description="RFC 3339; without an offset, city time; "
                                                    "years 1970-2099")],
        policy: Annotated[str | None, Query(max_length=64)] = None,
        kind: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        """Name a policy, or a kind plus its attributes as further parameters (e.g. channel=post)."""
        attributes = {k: attribute_value(v) for k, v in request.query_params.items()
                      if k not in _OWN_PARAMETERS}
        try:
            found = calculator.calculate(received_at, policy=policy, kind=kind,
                                         attributes=attributes)
        except UnclearQuestion as error:
            raise HTTPException(422, str(error)) from None
        except NoDeadlinePolicy as error:
            raise HTTPException(404 if policy else 422, str(error)) from None
        return {
            "policy": _describe(found.policy),
            "received_at": found.received_at.isoformat(),
            "due_at": found.due_at.isoformat(),
            "extended_due_at": found.extended_due_at.isoformat() if found.extended_due_at else None,
        }

    return router
