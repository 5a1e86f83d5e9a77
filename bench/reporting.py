"""Reporting: report queries over 1,000,000 inquiries with their histories, and projection throughput.

1. Bulk-load N inquiries (BENCH_INQUIRIES, default 1,000,000) with their histories (submitted,
   assigned, answered for most; reminders and escalations for some) over twelve months: COPY on
   PostgreSQL, one-transaction executemany on SQLite, into the alembic-migrated schema.
2. Time the report queries on each: the monthly figures per agency (the monthly report's core),
   one agency's month, the ranking, and the first page of the overdue list (all, one agency).
3. Projection throughput in the same run, for M inquiries' events (BENCH_PROJECTED, default
   3,000; three events each): ReadModel.apply_batch as the worker calls it (BENCH_BATCH events per
   transaction, default 500: insert the new ones, refold each touched inquiry once), the same
   one event per transaction (what the worker did before batching, and what it does when events
   trickle in one at a time), against a raw bulk insert of the same event rows.

Run: `python -m bench.reporting` (PostgreSQL from CITYCOMM_TEST_POSTGRES_URL or 127.0.0.1:5432/test;
skipped if unreachable). BENCH_PARTS=projection runs only part 3, on an empty database.
BENCH_DATABASES=postgresql or sqlite runs on one of them only (default both).
BENCH_CACHE=<directory> keeps the loaded data for the next run instead of dropping it (loading 1 M
takes 10-20 minutes here): PostgreSQL in the schema bench_reporting_cache_<N>, SQLite in
<directory>/reporting-<N>.db, each marked done by <directory>/<database>-<N>.json (its load figures,
reported again by a run that reuses it). Migrations added since are applied on reuse. With a cache
the projection part is not run (it would add its inquiries to the kept data).
Office hours are approximated as 40/168 of calendar hours in the bulk data (the fold computes them
exactly; queries do not depend on it).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.support import machine, table
from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.adapters.archive import ReportArchive
from citycomm_reporting.adapters.listing import Listing
from citycomm_reporting.adapters.rollups import backfill
from citycomm_reporting.adapters.schema import inquiry_events, signals
from citycomm_reporting.adapters.slowest import slowest_overdue
from citycomm_reporting.adapters.store import INQUIRY_COLUMNS, ReadModel, create_engine
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.periods import period_containing, previous
from citycomm_reporting.domain.reports import MONTHLY, ReportRecord, briefings_until
from citycomm_reporting.entrypoints import page_views as views
from citycomm_reporting.entrypoints.pages import BRIEFING_PAGE_QUESTIONS
from citycomm_reporting.service_layer.figures import Figures
from citycomm_reporting.service_layer.reports import Reports
from citycomm_reporting.settings import ReportingSettings

N = int(os.environ.get("BENCH_INQUIRIES", "1000000"))
M = int(os.environ.get("BENCH_PROJECTED", "3000"))
BATCH = int(os.environ.get("BENCH_BATCH", "500"))
PARTS = set(os.environ.get("BENCH_PARTS", "load,queries,projection").split(","))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))  # runs timed with the roll-ups
RAW_REPEAT = int(os.environ.get("BENCH_RAW_REPEAT", "3"))  # and on the raw tables (seconds each at 1 M)
DATABASES = set(os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(","))
CACHE = Path(os.environ["BENCH_CACHE"]) if os.environ.get("BENCH_CACHE") else None
if CACHE is not None:
    PARTS.discard("projection")
CHUNK = 50_000
START = datetime(2025, 6, 1, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 3, tzinfo=UTC)
AGENCIES = [f"agency-{n:03d}" for n in range(191)]
CATEGORIES = ["admin", "infrastructure", "noise", "encroachment", "buses", "health", "education",
              "environment", "land", "other"]
KINDS = ["citizen_feedback", "press_request", "briefing_question", "media_alert", "information_request"]
WARDS = [str(26700 + n) for n in range(168)]
CHANNELS = ["web", "api", "phone", "open311"]
EVENT_COLUMNS = tuple(c.name for c in inquiry_events.columns)
SIGNAL_COLUMNS = tuple(c.name for c in signals.columns)
APRIL = period_containing("month", datetime(2026, 4, 15, tzinfo=UTC))
MARCH = previous(APRIL)
WEEK = period_containing("week", datetime(2026, 4, 15, tzinfo=UTC))
ONE_AGENCY, BIG_AGENCY = AGENCIES[7], AGENCIES[1]


def inquiry_rows(start: int, count: int) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]],
                                                           list[dict[str, Any]]]]:
    """(inquiry row, its events, its signals), deterministic per index."""
    for n in range(start, start + count):
        rnd = random.Random(n)
        inquiry_id = f"inq-{n:07d}"
        received = START + timedelta(seconds=rnd.randrange(365 * 24 * 3600))
        due = received + timedelta(days=7)
        agency = AGENCIES[int(rnd.paretovariate(1.2)) % len(AGENCIES)]
        answered = received + timedelta(hours=rnd.expovariate(1 / 100)) if rnd.random() < 0.9 else None
        if answered and answered > NOW:
            answered = None
        refused = bool(answered) and rnd.random() < 0.08
        hours = (answered - received).total_seconds() / 3600 if answered else None
        row = {c: None for c in INQUIRY_COLUMNS} | {
            "inquiry_id": inquiry_id, "tracking_code": f"HCM-{n:08d}", "kind": rnd.choice(KINDS),
            "status": ("refused" if refused else "answered") if answered else "assigned",
            "agency_id": agency, "co_handling_agency_ids": "[]", "due_at": due, "policy_id": "p",
            "legal_basis": "law", "received_at": received, "updated_at": answered or received,
            "category": rnd.choice(CATEGORIES), "ward_code": rnd.choice(WARDS), "title": "t",
            "channel": rnd.choice(CHANNELS), "submitter_role": "citizen", "submitter_id": "",
            "answered_at": answered, "refused": refused if answered else None,
            "on_time": (answered <= due) if answered else None, "response_hours": hours,
            "response_working_hours": hours * 40 / 168 if hours is not None else None, "transfers": 0}
        events = [_event(inquiry_id, "InquirySubmitted", received, 0),
                  _event(inquiry_id, "InquiryAssigned", received, 1)]
        if answered:
            events.append(_event(inquiry_id, "InquiryAnswered", answered, 2))
        marks = []
        if rnd.random() < 0.1:
            marks.append({"event_id": f"{inquiry_id}/n", "inquiry_id": inquiry_id, "agency_id": agency,
                          "signal": rnd.choice(["reminder", "escalation"]), "stage": "reminder_half",
                          "at": received + timedelta(days=3)})
        yield row, events, marks


def _event(inquiry_id: str, kind: str, at: datetime, n: int) -> dict[str, Any]:
    return {"event_id": f"{inquiry_id}/{n}", "inquiry_id": inquiry_id, "type": f"citycomm.v1.{kind}",
            "source": "bench", "occurred_at": at, "actor_role": "system", "actor_id": "",
            "command_id": f"{inquiry_id}/c{n}", "summary": kind,
            "data": json.dumps({"inquiry_id": inquiry_id})}


def _chunks() -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    for start in range(0, N, CHUNK):
        rows, events, marks = [], [], []
        for row, history, extra in inquiry_rows(start, min(CHUNK, N - start)):
            rows.append(tuple(row[c] for c in INQUIRY_COLUMNS))
            events += [tuple(e[c] for c in EVENT_COLUMNS) for e in history]
            marks += [tuple(s[c] for c in SIGNAL_COLUMNS) for s in extra]
        yield rows, events, marks


async def load_postgres(url: str, schema: str) -> tuple[int, float]:
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn, server_settings={"search_path": schema})
    started, count = time.perf_counter(), 0
    try:
        for rows, events, marks in _chunks():
            await conn.copy_records_to_table("inquiries", records=rows, columns=list(INQUIRY_COLUMNS))
            await conn.copy_records_to_table("inquiry_events", records=events, columns=list(EVENT_COLUMNS))
            await conn.copy_records_to_table("signals", records=marks, columns=list(SIGNAL_COLUMNS))
            count += len(events)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return count, time.perf_counter() - started


def _sqlite_value(value: Any) -> Any:
    # The format SQLAlchemy's SQLite DateTime writes and reads (UTC, no offset).
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value


def load_sqlite(path: Path) -> tuple[int, float]:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    started, count = time.perf_counter(), 0
    for rows, events, marks_ in _chunks():
        with db:
            for name, columns, batch in (("inquiries", INQUIRY_COLUMNS, rows),
                                         ("inquiry_events", EVENT_COLUMNS, events),
                                         ("signals", SIGNAL_COLUMNS, marks_)):
                marks = ", ".join("?" * len(columns))
                db.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})",
                               [tuple(_sqlite_value(v) for v in r) for r in batch])
        count += len(events)
    db.execute("ANALYZE")
    db.close()
    return count, time.perf_counter() - started


def percentile_95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) > 1 else samples[0]


async def timed(action: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, float]:
    """(median, p95) wall time in ms of `repeat` runs after one warm-up."""
    await action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile_95(samples)


class _Unpublished:
    async def publish(self, record: ReportRecord) -> None:
        """The benchmark publishes nothing on the broker; the archive keeps what it saves."""


def page_queries(engine: AsyncEngine, rollups: bool) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    """What each page and report asks (entrypoints/pages.py), through the service's own code.
    `rollups=False`: the way before roll-ups and, for the reports, before the page read a published
    month from the archive and listed only the briefing report's first questions."""
    aggregates, listing, clock = Aggregates(engine, rollups=rollups), Listing(engine), FakeClock(NOW)
    figures = Figures(aggregates, clock, {}, min_volume=10, monthly_period="month")
    reports = Reports(figures, listing, ReportArchive(engine), _Unpublished(), clock, {},
                      ReportingSettings(environment="development"))
    weeks = briefings_until(NOW, 28)

    async def agency_page(agency_id: str) -> Any:
        if not rollups:  # the page as it was: one after the other, the first 200 overdue listed
            return (await figures.dashboard(APRIL, agency_id),
                    await listing.page(InquiryFilter(agency_id=agency_id, overdue_only=True), NOW, size=200))
        return await asyncio.gather(figures.dashboard(APRIL, agency_id),
                                    slowest_overdue(engine, agency_id, NOW, views.SLOWEST))

    async def ranking_page() -> Any:
        if not rollups:  # the page as it was: the month before with its percentiles, one after the other
            return await figures.groups(APRIL, "agency"), await figures.groups(previous(APRIL), "agency")
        return await views.agency_groups(SimpleNamespace(figures=figures), APRIL)

    async def published_month() -> Any:  # March was published (report_queries): the page reads it
        return await (reports.monthly_to_read(MARCH) if rollups else reports.monthly_content(MARCH))

    async def briefing_page() -> Any:
        return await reports.briefing_content(weeks, BRIEFING_PAGE_QUESTIONS if rollups else None)

    return [
        ("overview page (the city's April: 16 figure queries before)", lambda: figures.dashboard(APRIL)),
        ("ranking page (April and March per agency)", ranking_page),
        ("agency page, the largest agency (56 % of inquiries)", lambda: agency_page(BIG_AGENCY)),
        ("agency page, a small agency", lambda: agency_page(ONE_AGENCY)),
        ("overdue page (first 100)", lambda: listing.page(InquiryFilter(overdue_only=True), NOW, size=100)),
        ("categories page", lambda: figures.groups(APRIL, "category")),
        ("wards page", lambda: figures.groups(APRIL, "ward")),
        ("monthly report computed (April, not published): totals, 5 dimensions, ranking",
         lambda: reports.monthly_content(APRIL)),
        ("monthly report of a published month (March; raw: computed)", published_month),
        ("weekly briefing report page (first 200 questions + summary; raw: every question)", briefing_page),
        ("API: one agency's month", lambda: figures.groups(APRIL, None, InquiryFilter(agency_id=ONE_AGENCY))),
        ("API: ranking by on-time rate", lambda: figures.ranking(APRIL)),
    ]


async def report_queries(engine: AsyncEngine) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """Each query on the raw tables (as before roll-ups) and with them: (name, raw, rolled up)."""
    for by in (None, "agency", "ward"):  # the same numbers both ways, at this scale too
        raw = await Aggregates(engine, rollups=False).figures(APRIL, by, InquiryFilter(), NOW)
        rolled = await Aggregates(engine).figures(APRIL, by, InquiryFilter(), NOW)
        assert [g.as_dict() for g in raw] == [g.as_dict() for g in rolled], by
    fast = page_queries(engine, True)
    clock = FakeClock(NOW)
    reports = Reports(Figures(Aggregates(engine), clock, {}, min_volume=10, monthly_period="month"),
                      Listing(engine), ReportArchive(engine), _Unpublished(), clock, {},
                      ReportingSettings(environment="development"))
    await reports.publish(MONTHLY, MARCH, await reports.monthly_content(MARCH))  # as the schedule did
    raw_queries, fast_queries = page_queries(engine, False), fast
    return [(name, await timed(slow, RAW_REPEAT), await timed(fast, REPEAT))
            for (name, slow), (_, fast) in zip(raw_queries, fast_queries, strict=True)]


async def backfill_rollups(engine: AsyncEngine) -> float:
    """Count the bulk-loaded rows into the roll-ups, as migration 0003 does for existing rows."""
    started = time.perf_counter()
    async with engine.begin() as conn:
        await conn.run_sync(backfill)
    if engine.dialect.name == "postgresql":  # as autovacuum leaves tables after a bulk insert
        async with engine.connect() as conn:
            await (await conn.execution_options(isolation_level="AUTOCOMMIT")).execute(text("VACUUM ANALYZE"))
    else:
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def projected_facts(run: str) -> list[Fact]:
    facts, written = [], NOW
    for n in range(M):
        inquiry_id = f"{run}-{n:06d}"
        received = to_timestamp(START + timedelta(hours=n))
        messages = [
            events_pb2.InquirySubmitted(inquiry_id=inquiry_id, tracking_code=f"P-{run}-{n}",
                                        received_time=received, channel="web",
                                        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK),
            events_pb2.InquiryAssigned(
                inquiry_id=inquiry_id, agency_id=AGENCIES[n % 191], assigned_time=received,
                deadline=common_pb2.Deadline(due_time=to_timestamp(START + timedelta(hours=n + 96)))),
            events_pb2.InquiryAnswered(inquiry_id=inquiry_id, agency_id=AGENCIES[n % 191],
                                       answered_time=to_timestamp(START + timedelta(hours=n + 30)))]
        facts += [fact_from(m, event_id=f"{inquiry_id}/{k}", subject=inquiry_id, written_at=written)
                  for k, m in enumerate(messages)]
    return facts


async def projection(engine: AsyncEngine) -> list[tuple[str, float]]:
    """Events per second: the projection's path against a raw bulk insert of the same rows."""
    model = ReadModel(engine, WorkingCalendar())
    facts = projected_facts("batch")
    started = time.perf_counter()
    for start in range(0, len(facts), BATCH):
        await model.apply_batch(facts[start:start + BATCH])
    batched = len(facts) / (time.perf_counter() - started)
    facts = projected_facts("single")
    started = time.perf_counter()
    for fact in facts:
        await model.apply(fact)
    single = len(facts) / (time.perf_counter() - started)
    rows = [{"event_id": f"raw/{f.event_id}", "inquiry_id": f.inquiry_id, "type": f.type, "source": "",
             "occurred_at": f.occurred_at, "actor_role": f.actor_role, "actor_id": f.actor_id,
             "command_id": f.command_id, "summary": f.summary, "data": f.data} for f in facts]
    started = time.perf_counter()
    async with engine.begin() as conn:
        await conn.execute(inquiry_events.insert(), rows)
    raw = len(rows) / (time.perf_counter() - started)
    return [(f"ReadModel.apply_batch, {BATCH} events per transaction, {len(facts):,} events", batched),
            (f"ReadModel.apply, 1 event per transaction, {len(facts):,} events", single),
            (f"raw bulk INSERT of the same {len(rows):,} event rows (1 tx)", raw)]


def _cache_marker(name: str) -> Path | None:
    return CACHE / f"{name.lower()}-{N}.json" if CACHE is not None else None


async def run_on(name: str, engine: AsyncEngine, load: Callable[[], Any]) -> dict[str, Any]:
    await ReadModel(engine, WorkingCalendar()).ensure_schema()
    events, seconds, backfilled = 0, 0.0, 0.0
    marker = _cache_marker(name)
    if "load" in PARTS and marker is not None and marker.exists():
        events, seconds, backfilled = json.loads(marker.read_text())  # loaded by an earlier run
    elif "load" in PARTS:
        events, seconds = await load() if asyncio.iscoroutinefunction(load) else load()
        backfilled = await backfill_rollups(engine)
        if marker is not None:
            marker.write_text(json.dumps([events, seconds, backfilled]))
    queries = await report_queries(engine) if "queries" in PARTS else []
    throughput = await projection(engine) if "projection" in PARTS else []
    async with engine.connect() as conn:
        count = (await conn.execute(text("SELECT count(*) FROM inquiries"))).scalar_one()
    return {"name": name, "rows": count, "events": events, "load_s": seconds, "backfill_s": backfilled,
            "queries": queries, "projection": throughput}


async def postgres(url: str) -> dict[str, Any]:
    schema = f"bench_reporting_cache_{N}" if CACHE is not None else f"bench_reporting_{uuid.uuid4().hex[:8]}"
    marker = _cache_marker("PostgreSQL")
    admin = create_async_engine(url)
    async with admin.begin() as conn:
        if marker is not None and not marker.exists():  # a load that did not finish
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine = create_engine(url, schema=schema)
    try:
        async def load() -> tuple[int, float]:
            return await load_postgres(url, schema)
        return await run_on("PostgreSQL", engine, load)
    finally:
        await engine.dispose()
        if CACHE is None:
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


def _forget_unfinished(path: Path) -> None:
    marker = _cache_marker("SQLite")
    if marker is not None and not marker.exists():  # a load that did not finish
        for stale in path.parent.glob(f"{path.name}*"):
            stale.unlink()


async def sqlite(directory: Path) -> dict[str, Any]:
    path = directory / (f"reporting-{N}.db" if CACHE is not None else "reporting.db")
    _forget_unfinished(path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        return await run_on("SQLite", engine, lambda: load_sqlite(path))
    finally:
        await engine.dispose()


def postgres_url() -> str | None:
    from tests.conftest import postgres_url as find

    return find()


def report(results: list[dict[str, Any]]) -> str:
    names = [r["name"] for r in results]
    parts = [f"Machine: {machine()}"]
    if "load" in PARTS:
        heads = ["database", "inquiries", "history events", "bulk load (s)", "roll-up backfill (s)"]
        parts.append(table(heads,
                           [(r["name"], f"{r['rows']:,}", f"{r['events']:,}", r["load_s"], r["backfill_s"])
                            for r in results]))
    if "queries" in PARTS:
        ways = (f"raw (p95 of {RAW_REPEAT})", f"now (median of {REPEAT})", f"now (p95 of {REPEAT})")
        heads = [f"{n} {way}" for n in names for way in ways]
        query_rows = [(q, *(f"{ms:,.1f}" for r in results for ms in _timings(r, q)))
                      for q, _, _ in results[0]["queries"]]
        parts.append(table(["query (ms)", *heads], query_rows))
    if "projection" in PARTS:
        projection_rows = [(p, *(f"{dict(r['projection'])[p]:,.0f}" for r in results))
                           for p, _ in results[0]["projection"]]
        parts.append(table(["projection (events/s)", *names], projection_rows))
    return "\n\n".join(parts)


def _timings(result: dict[str, Any], query: str) -> tuple[float, float, float]:
    """The raw way's p95, and the median and p95 now."""
    [(raw, now)] = [(raw, now) for name, raw, now in result["queries"] if name == query]
    return raw[1], now[0], now[1]


async def main_async() -> None:
    results = []
    if CACHE is not None:
        CACHE.mkdir(parents=True, exist_ok=True)
    url = postgres_url() if "postgresql" in DATABASES else None
    if url:
        results.append(await postgres(url))
    if "sqlite" in DATABASES and CACHE is not None:
        results.append(await sqlite(CACHE))
    elif "sqlite" in DATABASES:
        with tempfile.TemporaryDirectory() as directory:
            results.append(await sqlite(Path(directory)))
    print(report(results))  # noqa: T201 - a benchmark prints its table


def main() -> None:
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
