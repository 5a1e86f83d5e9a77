"""Client-streaming bulk submission: one result per item, in order, and none dropped (service_layer.bulk)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from citycomm.v1 import common_pb2, intake_pb2
from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.submissions import AnySubmission
from citycomm_intake.entrypoints import grpc_convert as convert
from citycomm_intake.service_layer.bulk import Item, Outcome, submit_each
from citycomm_intake.service_layer.submissions import Submissions


def _item(sent: intake_pb2.Submission) -> Item:
    def read() -> tuple[str, AnySubmission]:
        key = convert.idempotency_key(sent.idempotency_key)
        if key is None:
            raise Invalid.field(
                "idempotency_key", "is required for every item", "Mỗi mục cần idempotency_key."
            )
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
