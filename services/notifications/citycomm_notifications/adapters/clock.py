"""A clock that runs faster than real time from its start: end-to-end tests compress days into seconds."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm_common.clock import Clock, SystemClock


class ScaledClock:
    def __init__(self, speedup: float, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._speedup = speedup
        self._origin = self._base.now()

    def now(self) -> datetime:
        elapsed = self._base.now() - self._origin
        return (self._origin + elapsed * self._speedup).astimezone(UTC)
