"""Reporting's read model on a fresh database: a SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from citycomm_common.calendar import WorkingCalendar
from citycomm_reporting.adapters.store import ReadModel, create_engine
from tests.conftest import postgres_url

DIALECTS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


def run_schema() -> str:
    """Unique per test, so parallel runs on one server never see each other's tables."""
    return f"reporting_test_{uuid.uuid4().hex[:12]}"


@asynccontextmanager
async def fresh_engine(dialect: str, tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, str]]:
    """An engine on an empty database of `dialect`, dropped afterwards; skips without PostgreSQL."""
    if dialect == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}")
        yield engine, ""
        await engine.dispose()
        return
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    schema = run_schema()
    admin = create_async_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, schema=schema)
    try:
        yield engine, schema
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@asynccontextmanager
async def fresh_read_model(dialect: str, tmp_path: Path,
                           calendar: WorkingCalendar | None = None) -> AsyncIterator[ReadModel]:
    async with fresh_engine(dialect, tmp_path) as (engine, _):
        model = ReadModel(engine, calendar or WorkingCalendar())
        await model.ensure_schema()
        yield model
