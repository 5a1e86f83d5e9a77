"""Schema migrations (alembic) run from code: `upgrade head` at start-up, or a check that it was run."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_head(engine: AsyncEngine) -> None:
    """Bring the database to the newest schema (idempotent; serialised on PostgreSQL)."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def check_head(engine: AsyncEngine) -> None:
    """For deployments that migrate in a separate job: refuse to serve an older schema."""
    current = await current_revision(engine)
    if current != head_revision():
        raise RuntimeError(f"database schema is at {current!r}, expected {head_revision()!r}: "
                           "run `citycomm-reporting migrate` (alembic upgrade head)")
