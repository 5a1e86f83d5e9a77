"""Many submissions at once (a briefing's questions): one outcome per item, in order, none dropped.

Shared by gRPC `BulkSubmit` (a client stream) and REST `POST /v1/briefings/questions` (a JSON array);
`run_each` also by gRPC `BulkComment` (service_layer.consultations).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from citycomm_intake.domain.errors import IntakeError
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.submissions import AnySubmission
from citycomm_intake.service_layer.submissions import Receipt, Submissions

CONCURRENCY = 16
ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Item:
    """One item as sent: its key as the client wrote it, and how to read it (raises IntakeError)."""

    key: str
    read: Callable[[], tuple[str, AnySubmission]]  # the checked key and the validated submission


@dataclass(frozen=True)
class Outcome:
    index: int
    key: str
    receipt: Receipt | None = None
    error: IntakeError | None = None


async def _one(
    submissions: Submissions, principal: Principal, index: int, item: Item, channel: str
) -> Outcome:
    try:
        key, submission = item.read()
        receipt = await submissions.submit(principal, submission, key, channel=channel)
    except IntakeError as exc:
        return Outcome(index, item.key, error=exc)
    return Outcome(index, item.key, receipt=receipt)


async def submit_each(
    submissions: Submissions, principal: Principal, items: AsyncIterable[Item], *, limit: int, channel: str
) -> tuple[list[Outcome], Item | None]:
    """Items are submitted while they are still arriving, at most CONCURRENCY at a time.

    Returns the outcomes in the order sent and the first item over `limit`, which is not submitted
    (reading stops there, so memory stays bounded). An outcome with a receipt was acknowledged by
    the broker; one with `Unavailable` may or may not have been recorded (a produce that timed out
    can still land); any other was not. Either can be re-sent with the same key: it lands on the
    same inquiry, never a second.
    """

    async def one(index: int, item: Item) -> Outcome:
        return await _one(submissions, principal, index, item, channel)

    return await run_each(items, one, limit=limit)


async def run_each(
    items: AsyncIterable[ItemT], work: Callable[[int, ItemT], Awaitable[ResultT]], *, limit: int
) -> tuple[list[ResultT], ItemT | None]:
    """`work` on each item while they are still arriving, at most CONCURRENCY at a time: the
    results in the order sent, and the first item over `limit` (not worked on; reading stops)."""
    gate = asyncio.Semaphore(CONCURRENCY)
    pending: list[asyncio.Task[ResultT]] = []

    async def guarded(index: int, item: ItemT) -> ResultT:
        async with gate:
            return await work(index, item)

    index = 0
    async for item in items:
        if index == limit:
            await asyncio.gather(*pending)
            return [task.result() for task in pending], item
        await gate.acquire()  # back-pressure: stop reading while CONCURRENCY items are in flight
        gate.release()
        pending.append(asyncio.ensure_future(guarded(index, item)))
        index += 1
    return list(await asyncio.gather(*pending)), None
