"""Batch projection on both databases: same state as one by one, all or nothing; the gauges it feeds."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.schema import command_outcomes, inquiries, inquiry_events, signals
from citycomm_reporting.adapters.store import ReadModel
from citycomm_reporting.domain.facts import fact_from
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import (
    AGENCY_A,
    AGENCY_B,
    NOW,
    at,
    end_of,
    lifecycle,
    scenario_facts,
    seeded_reporting,
)

pytestmark = pytest.mark.parametrize("dialect", DIALECTS)


async def contents(model: ReadModel) -> dict[str, list[Any]]:
    """Everything the projection writes (a command's outcome by what it decided, see below)."""
    async with model.engine.connect() as conn:
        return {
            "inquiries": [tuple(r) for r in await conn.execute(
                select(inquiries).order_by(inquiries.c.inquiry_id))],
            "events": [tuple(r) for r in await conn.execute(
                select(inquiry_events).order_by(inquiry_events.c.event_id))],
            "signals": [tuple(r) for r in await conn.execute(select(signals).order_by(signals.c.event_id))],
            # Which of a command's events names the outcome depends on arrival order, one by one too.
            "outcomes": [tuple(r) for r in await conn.execute(
                select(command_outcomes.c.command_id, command_outcomes.c.state, command_outcomes.c.reason)
                .order_by(command_outcomes.c.command_id))],
        }


async def test_batches_with_duplicates_in_any_order_end_like_one_by_one(dialect: str, tmp_path: Path) -> None:
    facts = scenario_facts()
    redelivered = facts + random.Random(3).sample(facts, len(facts) // 2)
    random.Random(5).shuffle(redelivered)
    (tmp_path / "one").mkdir()
    (tmp_path / "batched").mkdir()
    async with fresh_read_model(dialect, tmp_path / "one") as one_by_one:
        for fact in facts:
            await one_by_one.apply(fact)
        expected = await contents(one_by_one)
    async with fresh_read_model(dialect, tmp_path / "batched") as batched:
        new = []
        for start in range(0, len(redelivered), 7):  # duplicates within a batch and across batches
            new += await batched.apply_batch(redelivered[start:start + 7])
        assert sorted(f.event_id for f in new) == sorted(f.event_id for f in facts)
        assert await batched.apply_batch(facts) == []  # a whole batch redelivered changes nothing
        assert await contents(batched) == expected
    assert len(expected["inquiries"]) == 7 and len(expected["signals"]) == 4


async def test_a_batch_that_fails_midway_leaves_nothing_behind(dialect: str, tmp_path: Path) -> None:
    first = [fact_from(m, event_id=f"a{n}", subject="a", written_at=NOW) for n, m in enumerate(lifecycle(
        "a", agency_id=AGENCY_A, kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, category="noise",
        ward="26740", channel="web", received=at(2026, 5, 4, 9), due=end_of(2026, 5, 8)))]
    # Events are inserted, then the refold of "b" hits the unique tracking code "a" already holds.
    clash = events_pb2.InquirySubmitted(inquiry_id="b", tracking_code="HCM-A",
                                        received_time=to_timestamp(at(2026, 5, 5, 9)), command_id="b-submit")
    notice = events_pb2.NoticeSent(notice_id="n", inquiry_id="a", agency_id=AGENCY_A, stage="reminder_half",
                                   sent_time=to_timestamp(at(2026, 5, 6, 9)))
    batch = [fact_from(m, event_id=f"b{n}", subject=m.inquiry_id, written_at=NOW)
             for n, m in enumerate([notice, clash])]
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(first)
        before = await contents(model)
        with pytest.raises(Exception, match="(?i)unique"):
            await model.apply_batch(batch)
        assert await contents(model) == before
        async with model.engine.connect() as conn:
            assert (await conn.execute(select(func.count()).select_from(inquiry_events))).scalar_one() == 2


def gauge(name: str, agency: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"agency": agency})


async def test_the_gauges_show_each_agencys_open_overdue_decided_and_on_time(dialect: str,
                                                                           tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(scenario_facts())
        deps = seeded_reporting(model, FakeClock(NOW))
        await deps.figures.refresh_gauges()
        assert [gauge("citycomm_inquiries_open", a) for a in (AGENCY_A, AGENCY_B)] == [1, 1]
        assert [gauge("citycomm_inquiries_overdue", a) for a in (AGENCY_A, AGENCY_B)] == [1, 0]
        # counts, not ratios: the city's rate is the sum of one over the sum of the other
        assert [gauge("citycomm_inquiries_decided", a) for a in (AGENCY_A, AGENCY_B)] == [4, 2]
        assert [gauge("citycomm_inquiries_decided_on_time", a) for a in (AGENCY_A, AGENCY_B)] == [2, 2]
        answer = events_pb2.InquiryAnswered(inquiry_id="i4", agency_id=AGENCY_A,
                                            answered_time=to_timestamp(at(2026, 5, 20, 9)))
        await model.apply(fact_from(answer, event_id="late", subject="i4", written_at=NOW))
        await deps.figures.refresh_gauges()
        assert gauge("citycomm_inquiries_open", AGENCY_A) == 0  # recomputed, not left at 1
        # answered late: decided either way, not on time
        assert gauge("citycomm_inquiries_decided", AGENCY_A) == 4
        assert gauge("citycomm_inquiries_decided_on_time", AGENCY_A) == 2
