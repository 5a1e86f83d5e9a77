"""Consultations in the read model on SQLite and PostgreSQL (issue 20, decision 0108): projected once
whatever the batches and redeliveries, counted by audience, article, theme and day, found for the
reports and the listing; migration 0006 fills them from the events stored before it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from citycomm_reporting.adapters.consultations import ConsultationStore
from citycomm_reporting.adapters.migrate import alembic_config, upgrade_head
from citycomm_reporting.adapters.schema import consultation_comments, consultations, inquiry_events
from citycomm_reporting.adapters.store import ReadModel
from tests.support.consultation_scenario import CONTACT_EMAIL, CONTACT_PHONE, consultation_facts
from tests.support.reporting_db import DIALECTS, fresh_engine, fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, AGENCY_B, NOW, at, end_of

pytestmark = pytest.mark.parametrize("dialect", DIALECTS)


async def tables(engine: Any) -> dict[str, list[Any]]:
    async with engine.connect() as conn:
        return {"consultations": [tuple(r) for r in await conn.execute(
                    select(consultations).order_by(consultations.c.consultation_id))],
                "comments": [tuple(r) for r in await conn.execute(
                    select(consultation_comments).order_by(consultation_comments.c.comment_id))]}


async def test_redelivered_and_shuffled_batches_count_each_comment_once(dialect: str, tmp_path: Path) -> None:
    facts = consultation_facts()
    (tmp_path / "one").mkdir()
    (tmp_path / "batched").mkdir()
    async with fresh_read_model(dialect, tmp_path / "one") as one_by_one:
        for fact in facts:
            await one_by_one.apply(fact)
        expected = await tables(one_by_one.engine)
    redelivered = facts + random.Random(7).sample(facts, len(facts) // 2)
    random.Random(11).shuffle(redelivered)
    async with fresh_read_model(dialect, tmp_path / "batched") as model:
        for start in range(0, len(redelivered), 4):
            await model.apply_batch(redelivered[start:start + 4])
        assert await model.apply_batch(facts) == []
        assert await tables(model.engine) == expected
        store = ConsultationStore(model.engine)
        c1 = await store.get("c1")
        assert c1 is not None
        assert (c1["status"], c1["comments"], c1["comments_refused"], c1["response_on_time"]) == (
            "responded", 4, 1, True)
        assert (c1["closes_at"], c1["response_published_at"]) == (end_of(2026, 5, 15), at(2026, 5, 19, 10))
        assert await store.comment_counts("c1") == {
            "audience": [("organisations", 1), ("press", 1), ("public", 2)],
            "article": [("", 1), ("Điều 5", 2), ("Điều 7", 1)],
            "theme": [("", 2), ("phí", 1), ("vỉa hè", 1)],
            "day": [("2026-05-05", 2), ("2026-05-07", 1), ("2026-05-12", 1)]}
    assert len(expected["consultations"]) == 2 and len(expected["comments"]) == 5


async def test_the_reports_and_the_listing_find_them(dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(consultation_facts())
        store = ConsultationStore(model.engine)
        may = [r["consultation_id"] for r in await store.between(at(2026, 5, 1), at(2026, 6, 1))]
        assert may == ["c1", "c2"]
        assert [r["consultation_id"] for r in await store.between(at(2026, 5, 1), at(2026, 6, 1),
                                                                   AGENCY_B)] == ["c2"]
        # The week of 18 May: c1 answered in it, c2 opened in it; the week before, c1 closed.
        assert [r["consultation_id"] for r in await store.between(at(2026, 5, 18), at(2026, 5, 25))] == [
            "c1", "c2"]
        assert [r["consultation_id"] for r in await store.between(at(2026, 4, 1), at(2026, 5, 1))] == []
        assert [r["consultation_id"] for r in await store.between(at(2026, 5, 1), at(2026, 6, 1),
                                                                   AGENCY_A)] == ["c1"]
        assert [r["consultation_id"] for r in await store.open_at(NOW)] == ["c2"]
        assert await store.open_at(at(2026, 5, 18, 7)) == []  # c2 not yet taking comments


async def test_migration_0006_projects_the_consultation_events_already_stored(
        dialect: str, tmp_path: Path) -> None:
    async with fresh_engine(dialect, tmp_path) as (engine, _):
        async with engine.begin() as conn:
            await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0005"))
            await conn.execute(inquiry_events.insert(), [
                {"event_id": f.event_id, "inquiry_id": f.inquiry_id, "type": f"citycomm.v1.{f.type}",
                 "source": "routing", "occurred_at": f.occurred_at, "data": f.data}
                for f in consultation_facts()])
        await upgrade_head(engine)
        found = await tables(engine)
    (tmp_path / "projected").mkdir()
    async with fresh_read_model(dialect, tmp_path / "projected") as model:
        await model.apply_batch(consultation_facts())
        projected = await tables(model.engine)
    # The same rows but the last update's moment (the migration read them back the same).
    assert found == projected


async def test_no_table_keeps_the_commenters_contact(dialect: str, tmp_path: Path) -> None:
    """Decision 0008: the contact a citizen's comment carries (decision 0116) is stripped before storing."""
    async with fresh_read_model(dialect, tmp_path) as model:
        await model.apply_batch(consultation_facts())
        async with model.engine.connect() as conn:
            stored = [str(tuple(r)) for table in (consultations, consultation_comments, inquiry_events)
                      for r in await conn.execute(select(table))]
    assert len(stored) == 2 + 5 + 11  # consultations, comments, events
    assert not [r for r in stored if CONTACT_PHONE in r or CONTACT_EMAIL in r]


async def test_an_unknown_consultation_and_none_open(dialect: str, tmp_path: Path) -> None:
    async with fresh_read_model(dialect, tmp_path) as model:
        store = ConsultationStore(model.engine)
        assert await store.get("nope") is None
        assert await store.comment_counts("nope") == {"audience": [], "article": [], "theme": [], "day": []}
        assert await store.open_at(NOW) == []
        assert isinstance(model, ReadModel)
