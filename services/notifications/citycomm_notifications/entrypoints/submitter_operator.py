"""Operators' view of dead messages to submitters (decision 0100): every worker's (each holds its
partitions' messages; asked as the dead letters are), listed without address or text, and sent
again from the start of the retry schedule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Response

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_common.codec import rfc3339
from citycomm_common.contracts import from_timestamp
from citycomm_common.problems import responses
from citycomm_notifications.entrypoints.operator import UNREACHED, Local, require_operator
from citycomm_notifications.service_layer.ports import Gathered
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices

MESSAGE_ID = Path(min_length=1, max_length=64)
AskOthers = Callable[[str, str], Awaitable[Gathered]]


def _view(m: SubmitterMessage) -> dict[str, Any]:
    """What an operator needs, and no personal data: not the address, not the words."""
    return {"message_id": m.message_id, "inquiry_id": m.inquiry_id, "channel": m.channel, "change": m.change,
            "state": m.delivery_state, "attempts": m.attempts, "error": m.error,
            "created_at": rfc3339(from_timestamp(m.created_time))}


def submitter_operator_router(notices: SubmitterNotices, token: str,
                              ask_others: AskOthers | None = None) -> APIRouter:
    """`ask_others`: the same request on the group's other workers (Operations.ask_others); None for
    a worker alone."""
    router = APIRouter(prefix="/v1/operator/submitter-messages", tags=["operator"],
                       dependencies=[Depends(require_operator(token))], responses=responses(401))

    async def others(response: Response, local: bool, method: str, path: str) -> Gathered:
        if local or ask_others is None:
            return Gathered()
        gathered = await ask_others(method, path)
        if gathered.missing:  # the list is incomplete, and says so
            response.headers[UNREACHED] = ", ".join(gathered.missing)
        return gathered

    @router.get("/dead")
    async def dead(response: Response, local: Local = False) -> list[dict[str, Any]]:
        gathered = await others(response, local, "GET", "/v1/operator/submitter-messages/dead")
        views = [_view(m) for m in notices.dead()] + [v for answer in gathered.answers for v in answer]
        return sorted(views, key=lambda v: (v["created_at"], v["message_id"]))

    @router.post("/{message_id}/replay", responses=responses(404))
    async def replay(response: Response, message_id: str = MESSAGE_ID,
                     local: Local = False) -> dict[str, Any]:
        replayed = notices.replay(message_id)
        if replayed is not None:
            return _view(replayed)
        path = f"/v1/operator/submitter-messages/{message_id}/replay"
        gathered = await others(response, local, "POST", path)
        if gathered.answers:
            return dict(gathered.answers[0])
        raise HTTPException(404, "no such dead message to a submitter", headers=(
            {UNREACHED: response.headers[UNREACHED]} if UNREACHED in response.headers else None))

    return router
