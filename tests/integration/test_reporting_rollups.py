"""The roll-ups give the figures the inquiries give: the seeded month and randomized histories,
every period kind, grouping, agency scope and a `now` inside a slot, on SQLite and PostgreSQL.

The reference is Aggregates(rollups=False): counts grouped over the inquiries and percentiles in
Python over every answered row, as the figures were computed before roll-ups.
"""

from __future__ import annotations

import asyncio
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.adapters.percentiles import NAMES
from citycomm_reporting.adapters.rollups import backfill
from citycomm_reporting.adapters.schema import figure_counts, open_counts
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.domain.filters import DIMENSIONS, InquiryFilter
from citycomm_reporting.domain.periods import Period, date_range, period_containing
from citycomm_reporting.domain.stats import RESPONSE_EDGES
from citycomm_reporting.service_layer.figures import Figures
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, AGENCY_B, NOW, at, deadline, lifecycle, scenario_facts

AGENCIES = ["so-xay-dung", "ubnd-26740", "so-giao-thong", "cong-an"]
KINDS = [common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, common_pb2.INQUIRY_KIND_PRESS_REQUEST,
         common_pb2.INQUIRY_KIND_BRIEFING_QUESTION]


def periods_around(now: datetime) -> list[Period]:
    found = [period_containing(kind, now - timedelta(days=back))
             for kind in ("day", "week", "month", "month_1022") for back in (0, 9, 33)]
    return [*found, date_range(now.date() - timedelta(days=40), now.date() + timedelta(days=3))]


async def assert_same_figures(engine: AsyncEngine, now: datetime, agencies: list[str]) -> int:
    rolled, raw, compared = Aggregates(engine), Aggregates(engine, rollups=False), 0
    for period in periods_around(now):
        for agency_id in ["", *agencies]:
            for by in (None, *DIMENSIONS):
                where = InquiryFilter(agency_id=agency_id)
                expected = [g.as_dict() for g in await raw.figures(period, by, where, now)]
                found = [g.as_dict() for g in await rolled.figures(period, by, where, now)]
                assert found == expected, (period.label, agency_id, by)
                compared += len(expected)
    return compared


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_seeded_month_from_rollups_is_the_same_as_from_the_inquiries(
        dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(scenario_facts())
        for now in (NOW, NOW + timedelta(days=6, hours=3, minutes=17)):
            assert await assert_same_figures(model.engine, now, [AGENCY_A, AGENCY_B]) > 100


def random_history(rnd: random.Random, n: int) -> list[Message]:
    """One inquiry's events: received in spring 2026, maybe answered (or refused), transferred,
    reopened to another agency, escalated, closed, reminded, its webhook failing; times on any
    minute, so on and off slot edges."""
    received = at(2026, 3, 1) + timedelta(minutes=rnd.randrange(120 * 24 * 60))
    due = received + timedelta(hours=rnd.choice([12, 36, 24 * 5, 24 * 15]), minutes=rnd.randrange(60))
    answered = received + timedelta(hours=rnd.expovariate(1 / 120)) if rnd.random() < 0.7 else None
    agency, inquiry_id = rnd.choice(AGENCIES), f"r{n}"
    events = lifecycle(inquiry_id, agency_id=agency, kind=rnd.choice(KINDS),
                       category=rnd.choice(["noise", "roads", ""]), ward=rnd.choice(["26740", "26743", ""]),
                       channel=rnd.choice(["web", "api", "phone"]), received=received, due=due,
                       answered=answered, refused=rnd.random() < 0.2)
    later = (answered or received) + timedelta(hours=rnd.randrange(1, 200))
    if rnd.random() < 0.2:  # transferred: another agency, category and ward from then on
        events.append(events_pb2.InquiryAssigned(
            inquiry_id=inquiry_id, agency_id=rnd.choice(AGENCIES), category=rnd.choice(["noise", "roads"]),
            ward_code=rnd.choice(["26740", "26743"]), deadline=deadline(due + timedelta(days=3)),
            assigned_time=to_timestamp(received + timedelta(hours=2)), transfers=1))
    for n_notice in range(rnd.choice([0, 0, 1, 2])):  # reminders and escalations, maybe to another agency
        events.append(events_pb2.NoticeSent(
            notice_id=f"{inquiry_id}-n{n_notice}", inquiry_id=inquiry_id,
            stage=rnd.choice(["reminder_half", "overdue"]),
            agency_id=rnd.choice([agency, *AGENCIES]), recipients=[agency], due_time=to_timestamp(due),
            sent_time=to_timestamp(received + timedelta(minutes=rnd.randrange(60 * 24 * 20)))))
    if rnd.random() < 0.1:
        events.append(events_pb2.WebhookFailed(
            delivery_id=f"{inquiry_id}-d", inquiry_id=inquiry_id, agency_id=agency, endpoint_id="e",
            event_type="inquiry.assigned", attempts=3, status_code=500, failed_time=to_timestamp(later)))
    if rnd.random() < 0.15:
        events.append(events_pb2.InquiryEscalated(inquiry_id=inquiry_id, agency_id=agency,
                                                  escalated_time=to_timestamp(later)))
    if answered is not None and rnd.random() < 0.2:
        events.append(events_pb2.InquiryReopened(
            inquiry_id=inquiry_id, agency_id=rnd.choice(AGENCIES), reopened_time=to_timestamp(later),
            deadline=deadline(later + timedelta(days=rnd.choice([2, 10])))))
    elif answered is not None and rnd.random() < 0.2:
        events.append(events_pb2.InquiryClosed(inquiry_id=inquiry_id, closed_time=to_timestamp(later)))
    return events


def random_facts(seed: int, count: int) -> list[Fact]:
    rnd, written = random.Random(seed), at(2026, 7, 1)
    messages = [m for n in range(count) for m in random_history(rnd, n)]
    return [fact_from(m, event_id=f"{m.inquiry_id}-{k}", subject=m.inquiry_id,  # type: ignore[attr-defined]
                      written_at=written) for k, m in enumerate(messages)]


async def counts(engine: AsyncEngine) -> dict[str, set[tuple[Any, ...]]]:
    """Every roll-up row that holds anything."""
    found = {}
    async with engine.connect() as conn:
        for table in (figure_counts, open_counts):
            rows = await conn.execute(select(table))
            found[table.name] = {tuple(r) for r in rows if any(r[len(table.primary_key):])}
    return found


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_randomized_histories_in_random_batches_give_the_same_figures(
        dialect: str, tmp_path: Path) -> None:
    facts, rnd = random_facts(1, 250), random.Random(1)
    rnd.shuffle(facts)  # events of an inquiry arrive in any order and any batch
    async with fresh_read_model(dialect, tmp_path) as model:
        while facts:
            size = rnd.choice([1, 3, 40, 200])
            await model.apply_batch(facts[:size])
            facts = facts[size:]
        for now in (at(2026, 5, 20, 12), at(2026, 6, 30, 16, 41)):
            assert await assert_same_figures(model.engine, now, AGENCIES[:2]) > 500


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_groupings_asked_at_once_give_the_figures_of_each_asked_alone(
        dialect: str, tmp_path: Path) -> None:
    """The monthly report's groupings (figures_by: one read of the answers for every grouping's
    percentiles) give what the inquiries give, grouping by grouping, whatever the scope and period."""
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(random_facts(5, 300))
        rolled, raw = Aggregates(model.engine), Aggregates(model.engine, rollups=False)
        bys, compared, now = [None, *DIMENSIONS], 0, at(2026, 6, 3, 9)
        scopes = (InquiryFilter(), InquiryFilter(agency_id=AGENCIES[1]), InquiryFilter(category="noise"))
        for period in periods_around(now):
            for where in scopes:
                found = await rolled.figures_by(period, bys, where, now)
                for by, groups in zip(bys, found, strict=True):
                    expected = [g.as_dict() for g in await raw.figures(period, by, where, now)]
                    assert [g.as_dict() for g in groups] == expected, (period.label, where, by)
                    compared += sum(1 for g in expected if g.get("median_hours") is not None)
        assert compared > 300


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_backfill_counts_what_the_projection_counted(dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(random_facts(3, 200))
        kept = await counts(model.engine)
        async with model.engine.begin() as conn:
            for table in (figure_counts, open_counts):
                await conn.execute(delete(table))
            await conn.run_sync(backfill)
        assert await counts(model.engine) == kept
        assert len(kept["figure_counts"]) > 1000


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_filters_the_rollups_do_not_keep_are_counted_from_the_inquiries(
        dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(random_facts(4, 120))
        now, month = at(2026, 5, 20, 16, 41), period_containing("month", at(2026, 5, 1))
        rolled, raw = Aggregates(model.engine), Aggregates(model.engine, rollups=False)
        for where in (InquiryFilter(category="noise"), InquiryFilter(agency_id=AGENCIES[0], channel="web"),
                      InquiryFilter(overdue_only=True)):
            for by in (None, "agency", "ward"):
                assert ([g.as_dict() for g in await rolled.figures(month, by, where, now)]
                        == [g.as_dict() for g in await raw.figures(month, by, where, now)])
        odd = Period("range", at(2026, 5, 3, 7, 30), at(2026, 5, 9, 18), "odd hours")
        assert ([g.as_dict() for g in await rolled.figures(odd, "agency", InquiryFilter(), now)]
                == [g.as_dict() for g in await raw.figures(odd, "agency", InquiryFilter(), now)])


def counts_of(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k not in NAMES.values()}


def bucket_counts(values: list[float], edges: tuple[int, ...]) -> tuple[int, ...]:
    counts = [0] * len(edges)
    for value in values:
        counts[sum(1 for edge in edges[1:] if value >= edge)] += 1
    return tuple(counts)


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_dashboard_from_rollups_shows_what_the_inquiries_give(dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(random_facts(5, 200))
        clock = FakeClock(at(2026, 6, 3, 16, 41))
        fast, slow = (Figures(Aggregates(model.engine, rollups=rollups), clock, {}, min_volume=3,
                              monthly_period="month") for rollups in (True, False))
        answered = 0
        for period in (period_containing("month", at(2026, 5, 1)), period_containing("week", clock.now()),
                       date_range(date(2026, 4, 2), date(2026, 5, 30))):
            for agency_id in ("", AGENCIES[1]):
                found = await fast.dashboard(period, agency_id)
                expected = await slow.dashboard(period, agency_id)
                assert found.on_time == expected.on_time and len(found.on_time) >= 12
                assert any(rate is not None for _, rate in found.on_time)
                for part in ("by_agency", "by_category", "by_ward"):  # counts only
                    assert ([g.as_dict() for g in getattr(found, part)]
                            == [counts_of(g.as_dict()) for g in getattr(expected, part)]), part
                assert found.total and expected.total and found.total.as_dict() == expected.total.as_dict()
                assert found.response_counts == bucket_counts(expected.total.response_working_hours,
                                                              RESPONSE_EDGES)
                assert sum(found.response_counts) == found.total.answered
                answered += found.total.answered
        assert answered > 100


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_concurrent_batches_about_the_same_inquiries_count_each_once(
        dialect: str, tmp_path: Path) -> None:
    """Two workers' batches at once (reporting's two agents; a partition briefly held by two replicas
    during a rebalance) touching the same inquiries: each batch refolds what the other committed."""
    facts, rnd = random_facts(6, 120), random.Random(6)
    rnd.shuffle(facts)
    async with fresh_read_model(dialect, tmp_path) as model:
        while facts:
            batches = [facts[i:i + 15] for i in range(0, min(len(facts), 60), 15)]
            facts = facts[60:]
            await asyncio.gather(*(model.apply_batch(batch) for batch in batches))
        for now in (at(2026, 5, 20, 12), at(2026, 6, 30, 16, 41)):
            assert await assert_same_figures(model.engine, now, AGENCIES[:2]) > 300
