"""The read model in SQL: idempotent projection (insert by event id, refold) and look-ups."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from citycomm_common.calendar import WorkingCalendar
from citycomm_reporting.adapters.migrate import upgrade_head
from citycomm_reporting.adapters.schema import command_outcomes, inquiries, inquiry_events, signals
from citycomm_reporting.domain.facts import Fact, utc
from citycomm_reporting.domain.projection import changes_state, fold, lifecycle_rank
from citycomm_reporting.domain.signals import command_outcome_of, signal_of

INQUIRY_COLUMNS = tuple(c.name for c in inquiries.columns)


def create_engine(url: str, schema: str = "") -> AsyncEngine:
    """An engine; on PostgreSQL `schema` puts every table in that schema (tests use one per run)."""
    if url.startswith("sqlite") and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    connect_args: dict[str, Any] = {}
    if schema and url.startswith("postgresql"):
        connect_args["server_settings"] = {"search_path": schema}
    return create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)


def normalised(row: Any) -> dict[str, Any]:
    """A row as a dict, every moment timezone-aware UTC whatever the dialect returned."""
    return {k: utc(v) if hasattr(v, "tzinfo") and hasattr(v, "hour") else v for k, v in dict(row).items()}


def fact_from_row(row: Any) -> Fact:
    return Fact(event_id=row.event_id, inquiry_id=row.inquiry_id, type=row.type.rsplit(".", 1)[-1],
                occurred_at=utc(row.occurred_at), data=row.data, actor_role=row.actor_role or "",  # type: ignore[arg-type]
                actor_id=row.actor_id or "", command_id=row.command_id or "", source=row.source)


class ReadModel:
    def __init__(self, engine: AsyncEngine, calendar: WorkingCalendar) -> None:
        self.engine = engine
        self.calendar = calendar
        self.schema_ready = False
        self._schema_lock = asyncio.Lock()
        self._dialect = postgresql if engine.dialect.name == "postgresql" else sqlite

    async def ensure_schema(self) -> None:
        """alembic upgrade head, once per process."""
        async with self._schema_lock:
            if not self.schema_ready:
                await upgrade_head(self.engine)
                self.schema_ready = True

    def _insert_new(self, table: Table, key: str) -> Any:
        return self._dialect.insert(table).on_conflict_do_nothing(index_elements=[key])

    async def apply(self, fact: Fact) -> bool:
        """Record an event once and refold its inquiry; a redelivered event changes nothing."""
        async with self.engine.begin() as conn:
            stored = await conn.execute(self._insert_new(inquiry_events, "event_id").values(
                event_id=fact.event_id, inquiry_id=fact.inquiry_id, type=f"citycomm.v1.{fact.type}",
                source=fact.source, occurred_at=fact.occurred_at, actor_role=fact.actor_role,
                actor_id=fact.actor_id, command_id=fact.command_id, summary=fact.summary,
                data=fact.data))
            if stored.rowcount == 0:
                return False
            if (signal := signal_of(fact)) is not None:
                await conn.execute(self._insert_new(signals, "event_id").values(**signal))
            if (outcome := command_outcome_of(fact)) is not None:
                await conn.execute(self._insert_new(command_outcomes, "command_id").values(**outcome))
            if changes_state(fact.type):
                await self._refold(conn, fact.inquiry_id)
            return True

    async def _refold(self, conn: AsyncConnection, inquiry_id: str) -> None:
        history = (await conn.execute(
            select(inquiry_events).where(inquiry_events.c.inquiry_id == inquiry_id))).all()
        row = fold([fact_from_row(r) for r in history], self.calendar)
        if row is None:
            return
        values = {name: row.get(name) for name in INQUIRY_COLUMNS}
        statement = self._dialect.insert(inquiries).values(**values)
        await conn.execute(statement.on_conflict_do_update(
            index_elements=["inquiry_id"],
            set_={name: statement.excluded[name] for name in INQUIRY_COLUMNS if name != "inquiry_id"}))

    async def inquiry(self, *, inquiry_id: str = "", tracking_code: str = "") -> dict[str, Any] | None:
        if not (inquiry_id or tracking_code):
            return None
        column = inquiries.c.inquiry_id if inquiry_id else inquiries.c.tracking_code
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(inquiries).where(column == (inquiry_id or tracking_code)))).mappings().first()
        return normalised(row) if row else None

    async def history(self, inquiry_id: str) -> list[dict[str, Any]]:
        """The audit trail: every event of the inquiry, in the order it happened."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(
                select(inquiry_events).where(inquiry_events.c.inquiry_id == inquiry_id)
                .order_by(inquiry_events.c.occurred_at, inquiry_events.c.event_id))).mappings().all()
        entries = [normalised(r) for r in rows]
        return sorted(entries, key=lambda e: (e["occurred_at"], lifecycle_rank(e["type"]), e["event_id"]))

    async def command_outcome(self, command_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(command_outcomes).where(
                command_outcomes.c.command_id == command_id))).mappings().first()
        return normalised(row) if row else None
