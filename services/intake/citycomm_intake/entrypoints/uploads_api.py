"""REST: a submission with photos or documents and a place, as multipart/form-data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status
from pydantic import TypeAdapter, ValidationError

from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.submissions import Submission
from citycomm_intake.entrypoints.dependencies import Caller, Deps, IdempotencyKey, PreferHeader
from citycomm_intake.entrypoints.inquiries_api import accepted
from citycomm_intake.entrypoints.problems import field_errors, responses
from citycomm_intake.entrypoints.uploads import files_of, place
from citycomm_intake.entrypoints.views import SubmissionAccepted

PATH = "/v1/inquiries/with-attachments"
_SUBMISSION: TypeAdapter[Submission] = TypeAdapter(Submission)


def uploads_router() -> APIRouter:
    router = APIRouter(tags=["inquiries"])

    @router.post(PATH, status_code=status.HTTP_202_ACCEPTED,
                 responses=responses(400, 401, 403, 413, 415, 422, 429, 503))
    async def submit_with_attachments(
        submission: Annotated[str, Form(max_length=64 * 1024, description=(
            "the submission as JSON, exactly the body of POST /v1/inquiries"))],
        principal: Caller,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: IdempotencyKey,
        attachments: Annotated[list[UploadFile], File(description=(
            "up to 5 files, 10 MiB each, 25 MiB in all: JPEG, PNG or WebP photos (re-encoded "
            "without metadata: EXIF, GPS) or PDF documents, recognised by content; else 415"))] = [],  # noqa: B006
        lat: Annotated[str | None, Form(max_length=32, description="WGS 84 latitude")] = None,
        long: Annotated[str | None, Form(max_length=32, description="WGS 84 longitude")] = None,
        prefer: PreferHeader = None,
    ) -> SubmissionAccepted:
        """Submit an inquiry with attachments and a place inside the city (both optional). The
        agency receives the place and short-lived signed links to the files, never the files."""
        try:
            body = _SUBMISSION.validate_json(submission)
        except ValidationError as exc:
            raise Invalid("Some fields are missing or invalid.", "Một số trường bị thiếu hoặc không hợp lệ.",
                          field_errors(exc.errors())) from exc
        point = place(lat, long, deps.bounds)
        deps.submissions.check(principal, body)  # refused before any file is stored
        refs = await deps.attachments.store(await files_of(attachments))
        receipt = await deps.submissions.submit(principal, body, idempotency_key, channel="rest",
                                                attachments=refs, location=point)
        return await accepted(request, response, deps, receipt, prefer, principal)

    return router
