"""What happens after a webhook attempt: delivered, retried later, endpoint gone, or dead (design.md §3)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum

# Standard Webhooks' schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
DEFAULT_SCHEDULE: tuple[float, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
MAX_RETRY_AFTER = 86400.0


class Verdict(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    GONE = "gone"  # 410: the endpoint is disabled
    DEAD = "dead"  # the schedule is exhausted


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    retry_at: datetime | None = None


@dataclass(frozen=True)
class RetryPolicy:
    schedule: tuple[float, ...] = DEFAULT_SCHEDULE
    jitter: float = 0.2  # ± this share of each pause, so retries of one outage spread out

    def pause_after(self, attempts: int, rng: random.Random) -> float | None:
        """Seconds to wait after the `attempts`-th failed attempt; None when none is left."""
        if attempts >= len(self.schedule):
            return None
        base = self.schedule[attempts]
        return max(0.0, base * (1 + rng.uniform(-self.jitter, self.jitter)))


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now, capped at a day."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value) if value.isdigit() else (parsedate_to_datetime(value) - now).total_seconds()
    except (TypeError, ValueError):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def judge(status_code: int, retry_after: str | None, attempts: int, now: datetime,
          policy: RetryPolicy, rng: random.Random) -> Outcome:
    """Only 2xx succeeds; 410 disables; others wait for the schedule or Retry-After, whichever is later."""
    if 200 <= status_code < 300:
        return Outcome(Verdict.DELIVERED)
    if status_code == 410:
        return Outcome(Verdict.GONE)
    pause = policy.pause_after(attempts, rng)
    if pause is None:
        return Outcome(Verdict.DEAD)
    asked = retry_after_seconds(retry_after, now)
    if asked is not None:
        pause = max(pause, asked)
    return Outcome(Verdict.RETRY, now + timedelta(seconds=pause))
