"""The public deadline calculator: "received at T, when is it due under policy P (or for kind K)?"."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from citycomm_common.moments import Moment
from citycomm_common.problems import responses
from citycomm_routing.bootstrap import Dependencies
from citycomm_routing.domain.deadlines import DeadlinePolicy, NoDeadlinePolicy

_OWN_PARAMETERS = {"policy", "kind", "received_at"}


def _attribute(value: str) -> str | bool:
    return {"true": True, "false": False}.get(value.lower(), value)


def _describe(policy: DeadlinePolicy) -> dict[str, Any]:
    return policy.model_dump(mode="json", by_alias=True, exclude_defaults=False)


def deadlines_router(deps: Dependencies) -> APIRouter:
    router = APIRouter(prefix="/v1/deadlines", tags=["deadlines"])

    @router.get("/policies")
    async def policies() -> list[dict[str, Any]]:
        return [_describe(p) for p in deps.policies.policies]

    @router.get("/calculate", responses=responses(404, 422))
    async def calculate(
        request: Request,
        received_at: Annotated[Moment, Query(description="RFC 3339; without an offset, city time; "
                                                    "years 1970-2099")],
        policy: Annotated[str | None, Query(max_length=64)] = None,
        kind: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        """Name a policy, or a kind plus its attributes as further parameters (e.g. channel=post)."""
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=deps.calendar.zone)
        attributes = {k: _attribute(v) for k, v in request.query_params.items()
                      if k not in _OWN_PARAMETERS}
        try:
            chosen = _choose(deps, policy, kind, received_at, attributes)
        except NoDeadlinePolicy as error:
            raise HTTPException(404 if policy else 422, str(error)) from None
        due = chosen.due_at(received_at, deps.calendar)
        extended = chosen.extended_due_at(due, deps.calendar)
        zone = deps.calendar.zone
        return {
            "policy": _describe(chosen),
            "received_at": received_at.astimezone(zone).isoformat(),
            "due_at": due.astimezone(zone).isoformat(),
            "extended_due_at": extended.astimezone(zone).isoformat() if extended else None,
        }

    return router


def _choose(deps: Dependencies, policy: str | None, kind: str | None, received_at: datetime,
            attributes: dict[str, str | bool]) -> DeadlinePolicy:
    if (policy is None) == (kind is None):
        raise HTTPException(422, "give either policy or kind")
    if policy is not None:
        if attributes:
            raise HTTPException(422, f"attributes {sorted(attributes)} only go with kind")
        return deps.policies.get(policy)
    assert kind is not None
    return deps.policies.select(kind, received_at, **attributes)
