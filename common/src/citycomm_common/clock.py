"""Time as a dependency: services ask a Clock, tests move a FakeClock, local runs may go fast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from citycomm_common.settings import CommonSettings


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


class ScaledClock:
    """Reads `start` at the real moment `origin`, then runs `speedup` times faster than real time.

    Processes given the same three values read the same time, whenever each of them started: that is
    what lets a whole local stack run a deadline ladder of hours in minutes (docs: README)."""

    def __init__(self, speedup: float = 1.0, origin: datetime | None = None, start: datetime | None = None,
                 base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._speedup = speedup
        self._origin = origin or self._base.now()
        self._start = start or self._origin

    def now(self) -> datetime:
        elapsed = self._base.now() - self._origin
        return (self._start + elapsed * self._speedup).astimezone(UTC)


def service_clock(settings: CommonSettings) -> Clock:
    """The clock a service reads deadlines by: the system's, or the fast or shifted one of a local run."""
    if settings.clock_speedup == 1 and settings.clock_start is None:
        return SystemClock()
    return ScaledClock(settings.clock_speedup, settings.clock_origin, settings.clock_start)
