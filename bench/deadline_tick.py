"""A deadline-clock tick over many open inquiries: the planner against working every clock out again.

    python -m bench.deadline_tick        (BENCH_CLOCKS, default 10000)

The baseline, in the same run, is what a tick did before the planner: the ladder's moments worked
out with the working calendar for every open clock on every tick (`deadline_clock.due_stages`).
A tick runs on the worker's event loop, so its duration is also how long deliveries wait.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta

from bench.support import machine, table
from citycomm.v1 import common_pb2
from citycomm_common.calendar import load_calendar
from citycomm_common.contracts import to_timestamp
from citycomm_common.settings import REPO_CONFIG_DIR
from citycomm_common.vocabulary import CITY_ZONE, enum_value
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.escalation_ladder import load_ladder

CLOCKS = int(os.environ.get("BENCH_CLOCKS", "10000"))
START = datetime(2026, 11, 2, 8, 0, tzinfo=CITY_ZONE)
KINDS = ("press_request", "briefing_question", "information_request", "citizen_feedback", "media_alert")


def open_clocks(count: int) -> list[dc.DeadlineClock]:
    """Clocks assigned every few minutes over a month, 2 to 15 days each: none due at the tick."""
    clocks = []
    for n in range(count):
        start = START + timedelta(minutes=4 * n)
        clocks.append(dc.DeadlineClock(
            inquiry_id=f"inq-{n}", agency_id="so-xay-dung",
            inquiry_kind=enum_value(common_pb2.InquiryKind, KINDS[n % len(KINDS)]),
            started_time=to_timestamp(start), due_time=to_timestamp(start + timedelta(days=2 + n % 14)),
            assigned_event_id=f"ev-{n}"))
    return clocks


def main() -> None:
    ladder = load_ladder(REPO_CONFIG_DIR / "escalation-ladder.yaml")
    calendar = load_calendar(REPO_CONFIG_DIR / "calendar.yaml")
    clocks, now = open_clocks(CLOCKS), START
    planner = dc.Planner(ladder, calendar)

    def tick(due: object) -> float:
        started = time.perf_counter()
        for clock in clocks:
            due(clock)  # type: ignore[operator]
        return (time.perf_counter() - started) * 1000

    baseline = [tick(lambda c: dc.due_stages(c, ladder, calendar, now)) for _ in range(3)]
    first = tick(lambda c: planner.due_stages(c, now))
    later = [tick(lambda c: planner.due_stages(c, now)) for _ in range(3)]
    rows = [["every clock worked out, as before (best of 3)", f"{min(baseline):,.1f}", "1.0"],
            ["planner, first tick", f"{first:,.1f}", f"{min(baseline) / first:.1f}"],
            ["planner, later ticks (best of 3)", f"{min(later):,.1f}", f"{min(baseline) / min(later):.1f}"]]
    sys.stdout.write(f"Machine: {machine()}.\n\n")
    sys.stdout.write(table([f"tick over {CLOCKS:,} open clocks", "ms", "× faster"], rows) + "\n")


if __name__ == "__main__":
    main()
