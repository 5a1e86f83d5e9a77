"""Reporting's figures on the seeded May 2026 scenario, against values computed by hand, on both databases.

Hand computation (office hours 7:30–11:30, 13:00–17:00; 30/4 and 1/5 are holidays):
agency A (so-xay-dung): received in May i2, i3, i4 = 3 (i1 came on 29/4); answered i1, i2, i3 = 3, one
refused (i3); deadlines in May with a known outcome: i1 on time, i2 late, i3 on time, i4 open past
its deadline = 2 of 4; response hours i1 120, i2 170, i3 24 (office 8.0, 42.0, 8.0): median 120 / 8,
p90 120 + 0.8·50 = 160 / 8 + 0.8·34 = 35.2; open now i4, overdue i4; one reminder, one escalation
(overdue), one webhook failure.
agency B (ubnd-26740): received i5, i6, i7 = 3; answered i6, i7 = 2; i6 on time, i7 on time after its
extension, i5 not yet due = 2 of 2; hours i6 18, i7 174 (office 3.5, 44.5): median 96 / 24,
p90 18 + 0.9·156 = 158.4 / 3.5 + 0.9·41 = 40.4; open i5, not overdue; one reminder.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.periods import date_range, period_containing
from citycomm_reporting.domain.stats import ranking
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, AGENCY_B, NOW, scenario_facts

MAY = period_containing("month", NOW)

EXPECTED = {
    AGENCY_A: dict(received=3, answered=3, refused=1, decided=4, on_time=2, on_time_rate=0.5,
                   median_hours=120.0, p90_hours=160.0, median_working_hours=8.0, p90_working_hours=35.2,
                   open_now=1, overdue_now=1, reminders=1, escalations=1, webhook_failures=1),
    AGENCY_B: dict(received=3, answered=2, refused=0, decided=2, on_time=2, on_time_rate=1.0,
                   median_hours=96.0, p90_hours=158.4, median_working_hours=24.0, p90_working_hours=40.4,
                   open_now=1, overdue_now=0, reminders=1, escalations=0, webhook_failures=0),
}


@pytest.fixture(params=DIALECTS)
async def seeded(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    async with fresh_read_model(request.param, tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        yield model


def subset(found: dict, keys: dict) -> dict:  # type: ignore[type-arg]
    return {k: found[k] for k in keys}


async def test_per_agency_figures_match_the_hand_computed_ones(seeded) -> None:  # type: ignore[no-untyped-def]
    groups = {g.key: g.as_dict() for g in await Aggregates(seeded.engine).figures(
        MAY, "agency", InquiryFilter(), NOW)}
    assert set(groups) == {AGENCY_A, AGENCY_B}
    for agency, expected in EXPECTED.items():
        assert subset(groups[agency], expected) == expected, agency


async def test_city_totals_pool_every_inquiry(seeded) -> None:  # type: ignore[no-untyped-def]
    [total] = await Aggregates(seeded.engine).figures(MAY, None, InquiryFilter(), NOW)
    found = total.as_dict()
    assert subset(found, {"received": 0, "answered": 0, "decided": 0, "on_time": 0}) == dict(
        received=6, answered=5, decided=6, on_time=4)
    assert found["on_time_rate"] == 0.6667
    assert (found["median_hours"], found["p90_hours"]) == (120.0, 172.4)  # 170 + 0.6·4
    assert (found["median_working_hours"], found["p90_working_hours"]) == (8.0, 43.5)  # 42 + 0.6·2.5


async def test_other_dimensions_and_filters(seeded) -> None:  # type: ignore[no-untyped-def]
    aggregates = Aggregates(seeded.engine)
    by_channel = {g.key: g.received for g in await aggregates.figures(MAY, "channel", InquiryFilter(), NOW)}
    assert by_channel == {"web": 2, "api": 3, "phone": 1}
    by_kind = {g.key: (g.received, g.answered) for g in await aggregates.figures(
        MAY, "kind", InquiryFilter(agency_id=AGENCY_B), NOW)}
    assert by_kind == {"citizen_feedback": (2, 1), "briefing_question": (1, 1)}
    by_ward = {g.key: g.overdue_now for g in await aggregates.figures(MAY, "ward", InquiryFilter(), NOW)}
    assert by_ward == {"26740": 0, "26743": 1}
    by_category = {g.key: g.escalations
                   for g in await aggregates.figures(MAY, "category", InquiryFilter(), NOW)}
    assert by_category == {"noise": 0, "roads": 1}


async def test_the_1022_month_runs_from_the_25th_at_noon(seeded) -> None:  # type: ignore[no-untyped-def]
    month_1022 = period_containing("month_1022", NOW)
    assert month_1022.label == "2026-05 (1022)"
    [total] = await Aggregates(seeded.engine).figures(month_1022, None, InquiryFilter(), NOW)
    assert total.received == 7  # i1 (29/4) falls in the 1022 month that began on 25/4 at noon


async def test_a_range_counts_only_its_days(seeded) -> None:  # type: ignore[no-untyped-def]
    week = date_range(date(2026, 5, 4), date(2026, 5, 8))
    [total] = await Aggregates(seeded.engine).figures(week, None, InquiryFilter(), NOW)
    assert (total.received, total.answered) == (5, 2)  # i2–i5, i7 received; i1, i3 answered


async def test_ranking_needs_the_minimum_volume(seeded) -> None:  # type: ignore[no-untyped-def]
    groups = await Aggregates(seeded.engine).figures(MAY, "agency", InquiryFilter(), NOW)
    strict = ranking(groups, min_volume=3)
    assert [r["agency_id"] for r in strict["ranked"]] == [AGENCY_A]
    assert strict["below_min_volume"] == [{"agency_id": AGENCY_B, "decided": 2}]
    loose = ranking(groups, min_volume=2)
    assert [(r["rank"], r["agency_id"], r["on_time_rate"]) for r in loose["ranked"]] == [
        (1, AGENCY_B, 1.0), (2, AGENCY_A, 0.5)]


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_redelivered_and_shuffled_events_give_the_same_figures(dialect: str, tmp_path: Path) -> None:
    facts = scenario_facts()
    shuffled = facts + random.Random(7).sample(facts, len(facts) // 2)  # half of them twice
    random.Random(11).shuffle(shuffled)
    async with fresh_read_model(dialect, tmp_path) as model:
        applied = [await model.apply(f) for f in shuffled]
        assert sum(applied) == len(facts)  # every duplicate recognised
        groups = {g.key: g.as_dict() for g in await Aggregates(model.engine).figures(
            MAY, "agency", InquiryFilter(), NOW)}
    for agency, expected in EXPECTED.items():
        assert subset(groups[agency], expected) == expected, agency

