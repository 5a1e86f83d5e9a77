"""Alembic migrations build exactly the tables the code uses, on SQLite and PostgreSQL, idempotently."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from citycomm_reporting.adapters.migrate import check_head, current_revision, head_revision, upgrade_head
from citycomm_reporting.adapters.schema import metadata
from citycomm_reporting.adapters.slowest import slowest_query
from tests.support.reporting_db import DIALECTS, fresh_engine


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_upgrade_head_matches_the_schema_and_can_run_twice(dialect: str, tmp_path: Path) -> None:
    async with fresh_engine(dialect, tmp_path) as (engine, _):
        with pytest.raises(RuntimeError, match="alembic upgrade head"):
            await check_head(engine)
        await upgrade_head(engine)
        await upgrade_head(engine)  # a second replica starting finds nothing to do
        assert await current_revision(engine) == head_revision()
        await check_head(engine)
        async with engine.connect() as conn:
            differences = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata))
        assert differences == []


async def test_each_postgres_run_gets_its_own_schema(tmp_path: Path) -> None:
    async with fresh_engine("postgresql", tmp_path) as (first, one), \
            fresh_engine("postgresql", tmp_path) as (second, two):
        assert one != two
        await upgrade_head(first)
        assert await current_revision(second) is None  # the other run's tables are invisible


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_answered_index_holds_answered_rows_only(dialect: str, tmp_path: Path) -> None:
    """Migration 0005 (decision 0099): a partial index, so SQLite's planner cannot read it for
    "answered_at IS NULL" (the on-time series' open ones), which it did at 1 M; and the percentiles'
    query (a month's answers) reads it alone on SQLite."""
    async with fresh_engine(dialect, tmp_path) as (engine, schema):
        await upgrade_head(engine)
        async with engine.connect() as conn:
            if dialect == "sqlite":
                found = (await conn.execute(text(
                    "SELECT sql FROM sqlite_master WHERE name = 'ix_inquiries_answered'"))).scalar_one()
                plan = " ".join(str(row[-1]) for row in await conn.execute(text(
                    "EXPLAIN QUERY PLAN SELECT group_concat(response_hours) FROM inquiries "
                    "WHERE answered_at >= '2026-04-01' AND answered_at < '2026-05-01' "
                    "AND response_hours IS NOT NULL")))
                assert "COVERING INDEX ix_inquiries_answered" in plan
            else:
                found = (await conn.execute(text(
                    "SELECT indexdef FROM pg_indexes WHERE schemaname = :schema "
                    "AND indexname = 'ix_inquiries_answered'"), {"schema": schema})).scalar_one()
        assert "WHERE" in found and "answered_at IS NOT NULL" in found, found


async def test_an_agencys_slowest_overdue_read_in_deadline_order(tmp_path: Path) -> None:
    """Migration 0007 (decision 0101): the agency page's slowest overdue walk the agency's entries in
    deadline order and stop at the tenth; SQLite read every open inquiry of the agency through its
    (agency, status) index and sorted them (the largest agency's 56,000 at 1 M)."""
    async with fresh_engine("sqlite", tmp_path) as (engine, _):
        await upgrade_head(engine)
        query = slowest_query("agency-001", datetime(2026, 6, 1, tzinfo=UTC), 10)
        statement = str(query.compile(engine.sync_engine, compile_kwargs={"literal_binds": True}))
        async with engine.connect() as conn:
            await conn.execute(text("ANALYZE"))
            found = await conn.execute(text(f"EXPLAIN QUERY PLAN {statement}"))
            plan = " ".join(str(row[-1]) for row in found)
    assert "USING INDEX ix_inquiries_agency_due" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
