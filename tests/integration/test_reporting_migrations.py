"""Alembic migrations build exactly the tables the code uses, on SQLite and PostgreSQL, idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from citycomm_reporting.adapters.migrate import check_head, current_revision, head_revision, upgrade_head
from citycomm_reporting.adapters.schema import metadata
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
