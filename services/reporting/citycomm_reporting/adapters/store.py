"""The read model in SQL: idempotent projection (insert by event id, refold) and look-ups."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from citycomm_common.calendar import WorkingCalendar
from citycomm_reporting.adapters import consultations
from citycomm_reporting.adapters.migrate import check_head, upgrade_head
from citycomm_reporting.adapters.rollups import apply_changes, source_rows
from citycomm_reporting.adapters.schema import command_outcomes, inquiries, inquiry_events, signals
from citycomm_reporting.domain.facts import Fact, stored_event, utc
from citycomm_reporting.domain.projection import changes_state, fold, lifecycle_rank
from citycomm_reporting.domain.signals import command_outcome_of, signal_of

INQUIRY_COLUMNS = tuple(c.name for c in inquiries.columns)
SQLITE_SYNCHRONOUS = "FULL"
REFOLD_CHUNK = 500  # inquiry ids per history query, well under every driver's parameter limit
ASSIGNED = "citycomm.v1.InquiryAssigned"
Row = dict[str, Any]
# A lost server shows as DBAPIError once connected, but asyncpg's connect raises plain OSErrors
# (ConnectionError, TimeoutError) that SQLAlchemy passes through unwrapped.
DATABASE_DOWN = (DBAPIError, OSError)
PING_SECONDS = 5.0


def create_engine(url: str, schema: str = "") -> AsyncEngine:
    """An engine; on PostgreSQL `schema` puts every table in that schema (tests use one per run)."""
    if url.startswith("sqlite") and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    connect_args: dict[str, Any] = {}
    if schema and url.startswith("postgresql"):
        connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)
    if url.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    """WAL: readers (REST, reports) never block the projection's writes, and a commit is one append.

    synchronous stays FULL, so a committed batch survives a power cut too: its offsets are
    committed to Kafka right after, and nothing would bring the lost events back.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cursor.close()


@cache
def _upsert_inquiries(dialect_name: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE replacing an inquiry's row; built once per dialect (building
    its `excluded` columns on every batch was ≈ 7 % of a small batch's CPU)."""
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(inquiries)
    return statement.on_conflict_do_update(
        index_elements=["inquiry_id"],
        set_={name: statement.excluded[name] for name in INQUIRY_COLUMNS if name != "inquiry_id"})


def normalised(row: Any) -> dict[str, Any]:
    """A row as a dict, every moment timezone-aware UTC whatever the dialect returned."""
    return {k: utc(v) if hasattr(v, "tzinfo") and hasattr(v, "hour") else v for k, v in dict(row).items()}


def fact_from_row(row: Any) -> Fact:
    """A stored event, its typed fields read back from the JSON it was stored as."""
    return Fact(event_id=row.event_id, inquiry_id=row.inquiry_id, type=row.type.rsplit(".", 1)[-1],
                occurred_at=utc(row.occurred_at), message=stored_event(row.type, row.data),
                data=row.data, actor_role=row.actor_role or "", actor_id=row.actor_id or "",
                command_id=row.command_id or "", source=row.source)


class ReadModel:
    def __init__(self, engine: AsyncEngine, calendar: WorkingCalendar) -> None:
        self.engine = engine
        self.calendar = calendar
        self.schema_ready = False
        self._schema_lock = asyncio.Lock()
        self._dialect = postgresql if engine.dialect.name == "postgresql" else sqlite

    async def ensure_schema(self) -> None:
        """alembic upgrade head, once per process."""
        await self.open(migrate=True)

    async def open(self, *, migrate: bool) -> None:
        """Make the schema ready, once per process: migrate it, or check that a migration job did."""
        async with self._schema_lock:
            if not self.schema_ready:
                await (upgrade_head if migrate else check_head)(self.engine)
                self.schema_ready = True

    async def ping(self) -> bool:
        """Whether the database answers a trivial query now (a cut network hangs: bounded)."""
        try:
            async with asyncio.timeout(PING_SECONDS), self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except (*DATABASE_DOWN, TimeoutError):
            return False
        return True

    def _insert_new(self, table: Table, key: str) -> Any:
        return self._dialect.insert(table).on_conflict_do_nothing(index_elements=[key])

    async def apply(self, fact: Fact) -> bool:
        """Record one event once and refold its inquiry; a redelivered event changes nothing."""
        return bool(await self.apply_batch([fact]))

    async def apply_batch(self, facts: Sequence[Fact]) -> list[Fact]:
        """Record a batch in one transaction: each event once, every inquiry it touches refolded once.

        Returns the events that were new. All or nothing: a failure leaves the database as it was.
        """
        unique = list({f.event_id: f for f in facts}.values())
        async with self.engine.begin() as conn:
            new = await self._insert_events(conn, unique)
            marks = [s for f in new if (s := signal_of(f)) is not None]
            await self._one_writer_per_inquiry(conn, {f.inquiry_id for f in new if f.inquiry_id})
            if marks:
                await conn.execute(self._insert_new(signals, "event_id"), marks)
            if outcomes := [o for f in new if (o := command_outcome_of(f)) is not None]:
                # Arrival order decides which of a command's events names its outcome, as one by one.
                await conn.execute(self._insert_new(command_outcomes, "command_id"), outcomes)
            before, after = await self._refold(conn, [f for f in new if changes_state(f.type)])
            await apply_changes(conn, before, after, marks)
            await consultations.project(conn, new)  # issue 20: the consultations and their comments
        return new

    async def _one_writer_per_inquiry(self, conn: AsyncConnection, inquiry_ids: set[str]) -> None:
        """Hold, until this transaction ends, a lock on each inquiry it refolds or counts a signal
        of: a concurrent batch about the same inquiries (reporting's other agent; a partition held
        by two replicas for a moment during a rebalance) waits, then reads what this one committed.
        Without it, on PostgreSQL's READ COMMITTED both read the row as it was and each moved the
        roll-ups from it: counted twice. SQLite needs none: the first INSERT takes the database's
        one write lock. Locks are taken in one order (by key), so two batches never deadlock."""
        if conn.dialect.name != "postgresql" or not inquiry_ids:
            return
        await conn.execute(text(
            "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(i, 0) AS k "
            "FROM unnest(CAST(:ids AS text[])) AS i ORDER BY k) AS keys"), {"ids": sorted(inquiry_ids)})

    async def _insert_events(self, conn: AsyncConnection, facts: list[Fact]) -> list[Fact]:
        if not facts:
            return []
        rows = [{"event_id": f.event_id, "inquiry_id": f.inquiry_id, "type": f"citycomm.v1.{f.type}",
                 "source": f.source, "occurred_at": f.occurred_at, "actor_role": f.actor_role,
                 "actor_id": f.actor_id, "command_id": f.command_id, "summary": f.summary,
                 "data": f.data} for f in facts]
        inserted = await conn.execute(
            self._insert_new(inquiry_events, "event_id").returning(inquiry_events.c.event_id), rows)
        stored = set(inserted.scalars())
        return [f for f in facts if f.event_id in stored]

    async def _refold(self, conn: AsyncConnection, changed: list[Fact]) -> tuple[dict[str, Row], list[Row]]:
        """Recompute the row of each inquiry `changed` touches from its whole stored history (one
        read, one upsert). The batch's own events are folded as decoded, older ones as read back
        from the audit trail (stored_event): the same typed fields, and no JSON parsed needlessly.
        Returns the rows as they were (what the roll-ups read of them) and as they are now."""
        if not changed:
            return {}, []
        known = {f.event_id: f for f in changed}
        histories: dict[str, list[Fact]] = defaultdict(list)
        before: dict[str, Row] = {}
        ids = sorted({f.inquiry_id for f in changed})
        for start in range(0, len(ids), REFOLD_CHUNK):
            chunk = ids[start:start + REFOLD_CHUNK]
            for r in await conn.execute(select(inquiry_events).where(inquiry_events.c.inquiry_id.in_(chunk))):
                if changes_state(r.type.rsplit(".", 1)[-1]):  # the fold reads no other event
                    histories[r.inquiry_id].append(known.get(r.event_id) or fact_from_row(r))
            stored = (await conn.execute(source_rows(chunk))).mappings()
            before.update((r["inquiry_id"], dict(r)) for r in stored)
        rows = [row for history in histories.values() if (row := fold(history, self.calendar)) is not None]
        if not rows:
            return before, rows
        await conn.execute(_upsert_inquiries(conn.dialect.name),
                           [{name: row.get(name) for name in INQUIRY_COLUMNS} for row in rows])
        return before, rows

    async def inquiry(self, *, inquiry_id: str = "", tracking_code: str = "") -> dict[str, Any] | None:
        if not (inquiry_id or tracking_code):
            return None
        column = inquiries.c.inquiry_id if inquiry_id else inquiries.c.tracking_code
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(inquiries).where(column == (inquiry_id or tracking_code)))).mappings().first()
        return normalised(row) if row else None

    async def case(self, inquiry_id: str) -> dict[str, Any]:
        """The case as the inquiry's latest assignment stated it (its data, contact stripped)."""
        e = inquiry_events.c
        query = (select(e.data).where(e.inquiry_id == inquiry_id, e.type == ASSIGNED)
                 .order_by(e.occurred_at.desc(), e.event_id.desc()).limit(1))
        async with self.engine.connect() as conn:
            data = (await conn.execute(query)).scalar()
        return dict(data) if data else {}

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
