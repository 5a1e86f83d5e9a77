"""REST: an attachment through its signed, expiring link (the only way to it: no API key needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse, Response

from citycomm_common.attachment_links import PATH
from citycomm_intake.bootstrap import Container
from citycomm_intake.entrypoints.dependencies import container
from citycomm_intake.entrypoints.problems import responses


def attachments_router() -> APIRouter:
    router = APIRouter(tags=["attachments"])

    @router.get(
        PATH + "{attachment_id}",
        name="attachment",
        responses=responses(403, 404),
        summary="Fetch a submission's photo or document through a signed link from a webhook",
    )
    async def attachment(
        attachment_id: str,
        expires: Annotated[int, Query(ge=0, le=2**40)],
        signature: Annotated[str, Query(min_length=64, max_length=64)],
        deps: Annotated[Container, Depends(container)],
    ) -> Response:
        """The link (`expires`, `signature`) comes in an `inquiry.assigned` webhook and works until it
        expires: 403 after. The file is served (filesystem store) or redirected to a presigned GET
        of object storage (S3), with its content type and a Content-Disposition."""
        opened = await deps.attachments.open(attachment_id, expires, signature)
        if opened.redirect:
            return RedirectResponse(opened.redirect, status_code=307)
        return Response(opened.data, media_type=opened.content_type, headers={
            "Content-Disposition": opened.disposition, "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff"})

    return router
