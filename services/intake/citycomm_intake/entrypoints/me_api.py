"""Who holds the presented API key: its role and party. Other services ask it with the key they
were given (notifications' webhook self-service), since the keys are intake's."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from citycomm_common.problems import responses
from citycomm_intake.entrypoints.dependencies import Authenticated


class KeyHolder(BaseModel):
    role: str
    party_id: str


def me_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["keys"])

    @router.get("/me", responses=responses(401))
    async def me(principal: Authenticated) -> KeyHolder:
        """The role and party of the key (agency, press agency, Press Center, operator, Open311 app)."""
        return KeyHolder(role=principal.role.value, party_id=principal.party_id)

    return router
