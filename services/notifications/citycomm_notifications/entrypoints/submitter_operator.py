"""Operators' view of dead messages to submitters (decision 0100): this worker's, listed without
address or text, and sent again from the start of the retry schedule."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_common.codec import rfc3339
from citycomm_common.contracts import from_timestamp
from citycomm_common.problems import responses
from citycomm_notifications.entrypoints.operator import require_operator
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices

MESSAGE_ID = Path(min_length=1, max_length=64)


def _view(m: SubmitterMessage) -> dict[str, Any]:
    """What an operator needs, and no personal data: not the address, not the words."""
    return {"message_id": m.message_id, "inquiry_id": m.inquiry_id, "channel": m.channel, "change": m.change,
            "state": m.delivery_state, "attempts": m.attempts, "error": m.error,
            "created_at": rfc3339(from_timestamp(m.created_time))}


def submitter_operator_router(notices: SubmitterNotices, token: str) -> APIRouter:
    router = APIRouter(prefix="/v1/operator/submitter-messages", tags=["operator"],
                       dependencies=[Depends(require_operator(token))], responses=responses(401))

    @router.get("/dead")
    async def dead() -> list[dict[str, Any]]:
        return [_view(m) for m in notices.dead()]

    @router.post("/{message_id}/replay", responses=responses(404))
    async def replay(message_id: str = MESSAGE_ID) -> dict[str, Any]:
        replayed = notices.replay(message_id)
        if replayed is None:
            raise HTTPException(404, "no such dead message to a submitter on this worker")
        return _view(replayed)

    return router
