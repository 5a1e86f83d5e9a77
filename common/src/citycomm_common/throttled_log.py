"""Log lines that an attack or an outage repeats: the first at once, then at most one a minute."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable


class ThrottledLog:
    """At most one line per `interval` seconds for each kind; the next line says how many were
    left out, so a flood of closed connections or failed look-ups stays a few lines of log."""

    def __init__(
        self, logger: logging.Logger, interval: float = 60.0, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._logger, self._interval, self._now = logger, interval, now
        self._last: dict[str, float] = {}
        self._left_out: dict[str, int] = {}

    def warning(self, kind: str, message: str, *args: object) -> bool:
        """Log `message % args` unless a line of this kind was logged within the interval."""
        now = self._now()
        last = self._last.get(kind)
        if last is not None and now - last < self._interval:
            self._left_out[kind] = self._left_out.get(kind, 0) + 1
            return False
        left_out = self._left_out.pop(kind, 0)
        if left_out and last is not None:
            message += " (and %d more like it in the last %.0f s)"
            args = (*args, left_out, now - last)
        self._last[kind] = now
        self._logger.warning(message, *args)
        return True
