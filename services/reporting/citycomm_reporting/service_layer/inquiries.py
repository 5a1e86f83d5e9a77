"""Inquiries as the read model has them: look-ups, audit trails, listings and exports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from citycomm.v1 import events_pb2
from citycomm_common.clock import Clock
from citycomm_reporting.adapters.listing import Listing
from citycomm_reporting.adapters.slowest import slowest_overdue
from citycomm_reporting.adapters.store import ReadModel
from citycomm_reporting.domain.callers import Caller
from citycomm_reporting.domain.exports import exportable
from citycomm_reporting.domain.facts import stored_as
from citycomm_reporting.domain.filters import InquiryFilter

Row = dict[str, Any]
# What anyone holding a tracking code sees: the status, never who submitted it.
PUBLIC_FIELDS = ("inquiry_id", "tracking_code", "kind", "status", "agency_id", "due_at", "policy_id",
                 "legal_basis", "received_at", "updated_at", "category", "ward_code", "title",
                 "answered_at", "answer", "refused", "refusal_ground")
EXPORT_BATCH = 500


class Inquiries:
    def __init__(self, model: ReadModel, listing: Listing, clock: Clock) -> None:
        self._model, self._listing, self._clock = model, listing, clock

    async def tracked(self, code: str) -> Row | None:
        row = await self._model.inquiry(tracking_code=code)
        return None if row is None else {name: row.get(name) for name in PUBLIC_FIELDS}

    async def visible(self, who: Caller, inquiry_id: str) -> Row | None:
        """The inquiry, or None whether it does not exist or is not the caller's to see."""
        row = await self._model.inquiry(inquiry_id=inquiry_id)
        return row if row is not None and who.may_see(row) else None

    async def find(self, *, inquiry_id: str = "", tracking_code: str = "") -> Row | None:
        """For intake, which decides who may see it."""
        return await self._model.inquiry(inquiry_id=inquiry_id, tracking_code=tracking_code)

    async def case(self, inquiry_id: str) -> events_pb2.InquiryAssigned:
        """The case as the inquiry's latest assignment stated it (no contact); empty if none."""
        return stored_as(events_pb2.InquiryAssigned, await self._model.case(inquiry_id))

    async def history(self, inquiry_id: str) -> list[Row]:
        return await self._model.history(inquiry_id)

    async def command_outcome(self, command_id: str) -> Row | None:
        return await self._model.command_outcome(command_id)

    async def page(self, where: InquiryFilter, *, size: int = 50, token: str = "",
                   now: datetime | None = None) -> tuple[list[Row], str]:
        """One page, newest received first, and the next page's token; BadPageToken if not ours.
        `now` decides what is overdue (the clock's unless the caller formats rows with its own)."""
        return await self._listing.page(where, now or self._clock.now(), size=size, token=token)

    async def slowest_overdue(self, agency_id: str, count: int) -> list[Row]:
        """The agency's `count` inquiries overdue the longest (earliest deadline first)."""
        return await slowest_overdue(self._listing.engine, agency_id, self._clock.now(), count)

    async def export(self, where: InquiryFilter) -> AsyncIterator[list[Row]]:
        """Exportable rows in batches, page by page: a city-wide export never sits in memory whole."""
        now, batch = self._clock.now(), []
        async for row in self._listing.every(where, now):
            batch.append(exportable(row, now))
            if len(batch) == EXPORT_BATCH:
                yield batch
                batch = []
        yield batch
