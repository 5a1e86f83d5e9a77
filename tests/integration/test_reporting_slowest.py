"""An agency's page lists the inquiries overdue the longest, whatever order they were received in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from citycomm_common.clock import FakeClock
from citycomm_reporting.domain.facts import fact_from
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, KIND, NOW, at, end_of, lifecycle, seeded_reporting


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_slowest_are_the_earliest_deadlines_among_the_overdue(dialect: str, tmp_path: Path) -> None:
    # Received newest first: d (due 1/5), then c, b, a; e is answered, f not yet due.
    cases = {"a": (at(2026, 5, 1, 9), end_of(2026, 5, 10), None),
             "b": (at(2026, 5, 2, 9), end_of(2026, 5, 4), None),
             "c": (at(2026, 5, 3, 9), end_of(2026, 5, 12), None),
             "d": (at(2026, 5, 4, 9), end_of(2026, 5, 1), None),
             "e": (at(2026, 4, 1, 9), end_of(2026, 4, 2), at(2026, 4, 3, 9)),
             "f": (at(2026, 5, 5, 9), end_of(2026, 6, 30), None)}
    async with fresh_read_model(dialect, tmp_path) as model:
        for inquiry_id, (received, due, answered) in cases.items():
            events = lifecycle(inquiry_id, agency_id=AGENCY_A, kind=KIND.INQUIRY_KIND_PRESS_REQUEST,
                               category="noise", ward="26740", channel="rest", received=received, due=due,
                               answered=answered)
            for n, message in enumerate(events):
                await model.apply(fact_from(message, event_id=f"{inquiry_id}-{n}", subject=inquiry_id,
                                            written_at=datetime(2026, 5, 20, tzinfo=UTC)))
        deps = seeded_reporting(model, clock=FakeClock(NOW))
        slowest = await deps.inquiries.slowest_overdue(AGENCY_A, 3)
        assert [row["inquiry_id"] for row in slowest] == ["d", "b", "a"]
        assert await deps.inquiries.slowest_overdue("ubnd-26740", 3) == []
