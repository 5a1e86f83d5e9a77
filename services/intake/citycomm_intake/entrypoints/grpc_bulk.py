"""Client-streaming bulk submission and bulk comments: one result per item, in order, and none dropped
(service_layer.bulk, service_layer.consultations.comment_each)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from citycomm.v1 import common_pb2, intake_pb2
from citycomm_intake.domain.consultation_requests import CONSULTATION_ID, CommentIn, ConsultationRefused
from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.submissions import AnySubmission
from citycomm_intake.entrypoints import grpc_convert as convert
from citycomm_intake.service_layer.bulk import Item, Outcome, submit_each
from citycomm_intake.service_layer.consultations import (
    CommentItem,
    CommentOutcome,
    Consultations,
    comment_each,
)
from citycomm_intake.service_layer.submissions import Submissions


def _required_key(value: str) -> str:
    key = convert.idempotency_key(value)
    if key is None:
        raise Invalid.field("idempotency_key", "is required for every item", "Mỗi mục cần idempotency_key.")
    return key


def _item(sent: intake_pb2.Submission) -> Item:
    def read() -> tuple[str, AnySubmission]:
        key = _required_key(sent.idempotency_key)
        if sent.attachments or sent.HasField("location"):  # a bulk stream stays small: use Submit
            raise Invalid.field("attachments", "bulk items carry no attachments or place: use Submit",
                                "Gửi hàng loạt không kèm tệp hay vị trí: hãy dùng Submit.")
        return key, convert.submission(sent)

    return Item(sent.idempotency_key, read)


def _result(outcome: Outcome) -> intake_pb2.BulkItemResult:
    result = intake_pb2.BulkItemResult(index=outcome.index, idempotency_key=outcome.key)
    if outcome.error is not None:
        result.error_code, result.error = outcome.error.code, convert.details(outcome.error)
        result.violations.extend(convert.violations(outcome.error))
        return result
    assert outcome.receipt is not None
    result.accepted = True
    result.receipt.CopyFrom(
        intake_pb2.SubmissionReceipt(
            inquiry_id=outcome.receipt.inquiry_id,
            tracking_code=outcome.receipt.tracking_code,
            command_id=outcome.receipt.command_id,
            lifecycle_status=common_pb2.LIFECYCLE_STATUS_SUBMITTED,
        )
    )
    return result


def _too_many(index: int, item: Item, limit: int) -> intake_pb2.BulkItemResult:
    return intake_pb2.BulkItemResult(
        index=index,
        idempotency_key=item.key,
        error_code="too_many_items",
        error=f"at most {limit} items per stream: this item and any after it were not read; send them again",
    )


async def bulk_submit(
    submissions: Submissions, principal: Principal, items: AsyncIterator[intake_pb2.Submission], limit: int
) -> intake_pb2.BulkSubmitResponse:
    """The first item over the limit is answered `too_many_items` and reading stops there:
    `received` tells the client that nothing after it was read."""

    async def each() -> AsyncIterator[Item]:
        async for sent in items:
            yield _item(sent)

    outcomes, over = await submit_each(submissions, principal, each(), limit=limit, channel="grpc-bulk")
    results = [_result(o) for o in outcomes]
    if over is not None:
        results.append(_too_many(len(outcomes), over, limit))
    accepted = sum(r.accepted for r in results)
    return intake_pb2.BulkSubmitResponse(
        received=len(results), accepted=accepted, failed=len(results) - accepted, results=results
    )


def _comment_item(sent: intake_pb2.ConsultationComment, max_wait: int) -> CommentItem:
    def read() -> tuple[str, str, CommentIn]:
        key = _required_key(sent.idempotency_key)
        if not re.fullmatch(CONSULTATION_ID, sent.consultation_id):
            raise Invalid.field("consultation_id", "is required: 1-64 letters, digits or '-'",
                                "Cần consultation_id: 1–64 chữ, số hoặc '-'.")
        body = convert.validated(lambda: CommentIn.model_validate(
            convert.fields(sent, drop=("idempotency_key", "consultation_id", "wait_seconds"))))
        return key, sent.consultation_id, body

    wait = min(max(sent.wait_seconds, 0), max_wait)
    return CommentItem(sent.idempotency_key, sent.consultation_id, read, float(wait))


def _comment_result(outcome: CommentOutcome) -> intake_pb2.BulkCommentResult:
    result = intake_pb2.BulkCommentResult(
        index=outcome.index, idempotency_key=outcome.key, consultation_id=outcome.consultation_id,
        state=outcome.state, command_id=outcome.command_id, comment_id=outcome.command_id)
    error = outcome.error
    if error is not None:
        refused = isinstance(error, ConsultationRefused)
        result.error_code = error.reason_code if isinstance(error, ConsultationRefused) else error.code
        result.status, result.error, result.error_vi = error.status, error.detail, error.detail_vi
        result.violations.extend(convert.violations(error))
        if not refused:
            result.comment_id = result.command_id = ""
    return result


async def bulk_comment(
    consultations: Consultations, principal: Principal, items: AsyncIterator[intake_pb2.ConsultationComment],
    limit: int, max_wait: int,
) -> intake_pb2.BulkCommentResponse:
    """Comments on consultations (decision 0115), each as REST's comment: the first item over the
    limit is answered `too_many_items` and reading stops there."""

    async def each() -> AsyncIterator[CommentItem]:
        async for sent in items:
            yield _comment_item(sent, max_wait)

    outcomes, over = await comment_each(consultations, principal, each(), limit=limit)
    results = [_comment_result(o) for o in outcomes]
    if over is not None:
        results.append(intake_pb2.BulkCommentResult(
            index=len(outcomes), idempotency_key=over.key, consultation_id=over.consultation_id,
            state="failed", error_code="too_many_items", status=413,
            error=f"at most {limit} items per stream: this item and any after it were not read; "
                  "send them again",
            error_vi=f"Tối đa {limit} mục mỗi lần gửi: mục này và các mục sau chưa được đọc; hãy gửi lại."))
    accepted = sum(r.state in ("recorded", "accepted") for r in results)
    return intake_pb2.BulkCommentResponse(
        received=len(results), accepted=accepted, failed=len(results) - accepted, results=results)
