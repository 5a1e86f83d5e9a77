"""The daily digest: once a working day at `digest_at` city time, each agency's open inquiries.

Built from the agency-keyed mirror of the deadline clocks (domain/digests.py says why a mirror);
this worker sends the digests of the agencies whose mirror partitions it holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_notifications.domain.digests import digest_notices, item_key
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.ports import Store


def apply_item(items: Store[DeadlineClock], item: AgencyItem, partition: int) -> None:
    """One mirror record into the agency-keyed store."""
    key = item_key(item, partition)
    if item.HasField("clock"):
        items.put(key, item.clock)
    else:
        items.delete(key)


class DailyDigests:
    """`items`: the mirror; `ready`: whether this worker knows which of its partitions it holds
    (not while the group rebalances). A restart the same day repeats the same notice ids."""

    def __init__(self, items: Store[DeadlineClock], queue: DeliveryQueue, *, clock: Clock,
                 calendar: WorkingCalendar, at: time, ready: Callable[[], bool]) -> None:
        self.items, self._queue, self._clock, self._calendar = items, queue, clock, calendar
        self._at, self._ready = at, ready
        self._last: str | None = None

    def record(self, item: AgencyItem, partition: int) -> None:
        apply_item(self.items, item, partition)

    def due_day(self) -> str | None:
        """Today (city time) once `at` has passed on a working day, unless already sent."""
        local = self._clock.now().astimezone(self._calendar.zone)
        day = local.date()
        if not self._calendar.is_working_day(day) or local.time() < self._at:
            return None
        return None if self._last == day.isoformat() else day.isoformat()

    async def send_if_due(self) -> int:
        day = self.due_day()
        if day is None or not self._ready():
            return 0
        sent = await self.send(day)
        self._last = day
        return sent

    async def send(self, day: str) -> int:
        """One digest.daily per agency in the mirror this worker holds (docs/webhooks.md)."""
        notices = digest_notices((clock for _, clock in self.items.items()), self._clock.now(), day)
        for notice in notices:
            await self._queue.enqueue(notice)
        return len(notices)
