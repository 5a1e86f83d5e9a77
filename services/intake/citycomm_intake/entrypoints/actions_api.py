"""REST resource `commands`: an agency acknowledges, answers, asks for transfer or extension."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel

from citycomm_intake.domain.actions import AcknowledgeIn, AnswerIn, ExtensionIn, TransferIn
from citycomm_intake.domain.commands import Action
from citycomm_intake.domain.principals import Principal
from citycomm_intake.entrypoints.dependencies import (
    Authenticated,
    Deps,
    OptionalIdempotencyKey,
    PreferHeader,
    wait_seconds,
)
from citycomm_intake.entrypoints.inquiries_api import InquiryId
from citycomm_intake.entrypoints.links import link
from citycomm_intake.entrypoints.problems import responses
from citycomm_intake.entrypoints.views import (
    CommandAccepted,
    CommandOutcomeView,
    Links,
    outcome_view,
    state_name,
)
from citycomm_intake.service_layer.actions import DECIDED

# 200 only with Prefer: wait=N, when routing decided within the wait.
ACTION_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": CommandAccepted, "description": "Prefer: wait=N and routing decided in time: "
          "`state` is accepted or rejected, with routing's reason"},
    **responses(401, 403, 413, 422, 503),
}
CommandId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]


async def record(
    deps: Deps,
    request: Request,
    response: Response,
    principal: Principal,
    inquiry_id: str,
    action: Action,
    key: str | None,
    prefer: str | None,
) -> CommandAccepted:
    command_id = await deps.actions.act(principal, inquiry_id, action, key)
    links = Links(outcome=link(request, "command_outcome", "command_id", command_id))
    body = CommandAccepted(command_id=command_id, inquiry_id=inquiry_id, links=links)
    response.headers["Location"] = links.outcome or ""
    wait = wait_seconds(prefer, deps)
    if wait:
        found = await deps.actions.wait_for_action_outcome(principal, command_id, wait)
        if found is not None:
            body.state, body.reason, body.event_type = (
                state_name(found),
                found.reason or None,
                found.event_type or None,
            )
            if found.outcome_state in DECIDED:
                response.status_code = status.HTTP_200_OK
    return body


def action_route(router: APIRouter, path: str, body: type[BaseModel], name: str, doc: str) -> None:
    """POST /v1/inquiries/{inquiry_id}/<path>: `body` recorded as a command (202), routing's decision
    within `Prefer: wait=N` (200). Every action has this shape; only the body and the words differ."""

    async def act(
        inquiry_id: InquiryId,
        body: Action,
        principal: Authenticated,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> CommandAccepted:
        return await record(deps, request, response, principal, inquiry_id, body, idempotency_key, prefer)

    act.__annotations__ = {**act.__annotations__, "body": body}  # FastAPI reads the body's model here
    act.__name__, act.__doc__ = name, doc
    router.post(f"/inquiries/{{inquiry_id}}/{path}", status_code=status.HTTP_202_ACCEPTED,
                responses=ACTION_RESPONSES, name=name)(act)


AGENCY_ACTIONS = (
    ("acknowledge", AcknowledgeIn, "acknowledge",
     "Tiếp nhận: the assigned agency has seen the inquiry. 202: recorded; routing decides."),
    ("answer", AnswerIn, "answer",
     "The answer, or a refusal with its legal ground (a refusal counts as answered)."),
    ("transfer-request", TransferIn, "request_transfer",
     "The matter is outside the agency's competence: ask routing to transfer it."),
    ("extension-request", ExtensionIn, "request_extension",
     "More time, once, at most what the deadline policy allows."),
)


def actions_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["agency actions"])
    for path, body, name, doc in AGENCY_ACTIONS:
        action_route(router, path, body, name, doc)

    @router.get("/commands/{command_id}", name="command_outcome", responses=responses(401, 404, 503))
    async def command_outcome(
        command_id: CommandId, principal: Authenticated, deps: Deps
    ) -> CommandOutcomeView:
        """Routing's decision on a command: pending, accepted, or rejected with a reason."""
        return outcome_view(await deps.actions.outcome(principal, command_id))

    return router
