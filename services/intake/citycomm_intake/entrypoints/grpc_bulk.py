"""Client-streaming bulk submission: one result per item, in order, and none dropped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from citycomm.v1 import intake_pb2
from citycomm_intake.domain.errors import IntakeError, Invalid
from citycomm_intake.domain.principals import Principal
from citycomm_intake.entrypoints import grpc_convert as convert
from citycomm_intake.service import Intake

CONCURRENCY = 16


async def _one(
    intake: Intake,
    principal: Principal,
    index: int,
    item: intake_pb2.Submission,
) -> intake_pb2.BulkItemResult:
    result = intake_pb2.BulkItemResult(index=index, idempotency_key=item.idempotency_key)
    try:
        key = convert.idempotency_key(item.idempotency_key)
        if key is None:
            raise Invalid.field(
                "idempotency_key", "is required for every item", "Mỗi mục cần idempotency_key."
            )
        receipt = await intake.submit(principal, convert.submission(item), key, channel="grpc-bulk")
    except IntakeError as exc:
        result.error_code, result.error = exc.code, convert.details(exc)
        result.violations.extend(convert.violations(exc))
        return result
    result.accepted = True
    result.receipt.CopyFrom(
        intake_pb2.SubmissionReceipt(
            inquiry_id=receipt.inquiry_id,
            tracking_code=receipt.tracking_code,
            command_id=receipt.command_id,
            status="submitted",
        )
    )
    return result


def _too_many(index: int, item: intake_pb2.Submission, limit: int) -> intake_pb2.BulkItemResult:
    return intake_pb2.BulkItemResult(
        index=index,
        idempotency_key=item.idempotency_key,
        error_code="too_many_items",
        error=f"at most {limit} items per stream: this item and any after it were not read; send them again",
    )


async def bulk_submit(
    intake: Intake, principal: Principal, items: AsyncIterator[intake_pb2.Submission], limit: int
) -> intake_pb2.BulkSubmitResponse:
    """Items are submitted while the stream is still arriving, at most CONCURRENCY at a time.

    An item answered `accepted` was acknowledged by the broker. One answered `unavailable` may or
    may not have been recorded (a produce that timed out can still land); any other was not. Either
    can be re-sent with the same idempotency key: it lands on the same inquiry, never a second.
    """
    gate = asyncio.Semaphore(CONCURRENCY)
    pending: list[asyncio.Task[intake_pb2.BulkItemResult]] = []

    async def guarded(index: int, item: intake_pb2.Submission) -> intake_pb2.BulkItemResult:
        async with gate:
            return await _one(intake, principal, index, item)

    over: list[intake_pb2.BulkItemResult] = []
    index = 0
    async for item in items:
        if index == limit:
            # Memory stays bounded: the first item over the limit is answered, and reading stops.
            # `received` tells the client that nothing after it was read.
            over.append(_too_many(index, item, limit))
            break
        await gate.acquire()  # back-pressure: stop reading while CONCURRENCY items are in flight
        gate.release()
        pending.append(asyncio.ensure_future(guarded(index, item)))
        index += 1
    results = [*await asyncio.gather(*pending), *over]
    accepted = sum(r.accepted for r in results)
    return intake_pb2.BulkSubmitResponse(
        received=len(results), accepted=accepted, failed=len(results) - accepted, results=results
    )
