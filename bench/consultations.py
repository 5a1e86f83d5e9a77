"""Reporting's consultations (issue 20, decision 0108): projecting comments and reading the reports.

1. Projection: BENCH_CONSULTATIONS consultations (default 20) are opened, then BENCH_COMMENTS
   comments (default 10,000) arrive, most on one popular draft (half of them) and the rest spread.
   They go through ReadModel.apply_batch as the worker calls it, in batches of BENCH_BATCH events
   (default 100), and then one at a time (BENCH_TRICKLE comments, default 500, on the popular
   draft, which by then has thousands): what a comment costs when comments trickle in.
2. Reports: the popular draft's comment counts (by audience, article, theme, day), the month across
   agencies, and the open ones (intake's listing), each timed as the median of 5 runs after a
   warm-up.

Run: `python -m bench.consultations` (PostgreSQL from CITYCOMM_TEST_POSTGRES_URL or
127.0.0.1:5432/test, skipped if unreachable; SQLite in a temporary directory).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.reporting import machine, postgres_url
from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.adapters.consultations import ConsultationStore
from citycomm_reporting.adapters.store import ReadModel, create_engine
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.service_layer.consultations import ConsultationReports

CONSULTATIONS = int(os.environ.get("BENCH_CONSULTATIONS", "20"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "10000"))
BATCH = int(os.environ.get("BENCH_BATCH", "100"))
TRICKLE = int(os.environ.get("BENCH_TRICKLE", "500"))
START = datetime(2026, 5, 4, 8, tzinfo=CITY_ZONE)
AUDIENCES = (pb.CONSULTATION_AUDIENCE_PRESS, pb.CONSULTATION_AUDIENCE_PUBLIC,
             pb.CONSULTATION_AUDIENCE_ORGANISATIONS)


def opened(n: int) -> pb.ConsultationOpened:
    draft = pb.ConsultationDraft(
        title=f"Dự thảo {n}", summary="Tóm tắt", drafting_agency_id=f"agency-{n % 7}",
        level=pb.DOCUMENT_LEVEL_CITY, opens_time=to_timestamp(START),
        closes_time=to_timestamp(START + timedelta(days=30)),
        audiences=[pb.CONSULTATION_AUDIENCE_PRESS, pb.CONSULTATION_AUDIENCE_PUBLIC])
    return pb.ConsultationOpened(consultation_id=f"c{n}", command_id=f"o{n}", draft=draft,
                                 policy_id="consultation-city-2025", opened_time=to_timestamp(START))


def comment(n: int, consultation: int, rng: random.Random) -> pb.ConsultationCommentReceived:
    return pb.ConsultationCommentReceived(
        consultation_id=f"c{consultation}", command_id=f"k{n}", comment_id=f"k{n}",
        drafting_agency_id=f"agency-{consultation % 7}",
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_CITIZEN), audience=rng.choice(AUDIENCES),
        article=f"Điều {rng.randint(1, 30)}", theme=rng.choice(("", "phí", "vỉa hè", "thủ tục")),
        text="Ý kiến " * 20, contact=common_pb2.Contact(email=f"dan{n}@example.vn"),
        received_time=to_timestamp(START + timedelta(minutes=3 * n)))


def facts(messages: list[Any]) -> list[Fact]:
    return [fact_from(m, event_id=uuid.uuid4().hex, subject=m.consultation_id, written_at=START)
            for m in messages]


async def median_ms(run: Callable[[], Awaitable[object]]) -> float:
    await run()
    times = []
    for _ in range(5):
        began = time.perf_counter()
        await run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def run_on(name: str, engine: AsyncEngine) -> dict[str, Any]:
    model = ReadModel(engine, WorkingCalendar())
    await model.ensure_schema()
    rng = random.Random(20)
    await model.apply_batch(facts([opened(n) for n in range(CONSULTATIONS)]))
    spread = [comment(n, 0 if n % 2 == 0 else rng.randrange(1, CONSULTATIONS), rng) for n in range(COMMENTS)]
    batched = facts(spread)
    began = time.perf_counter()
    for start in range(0, len(batched), BATCH):
        await model.apply_batch(batched[start:start + BATCH])
    batch_seconds = time.perf_counter() - began
    trickle = facts([comment(COMMENTS + n, 0, rng) for n in range(TRICKLE)])
    began = time.perf_counter()
    for fact in trickle:
        await model.apply_batch([fact])
    trickle_ms = (time.perf_counter() - began) * 1000 / len(trickle)
    reports = ConsultationReports(ConsultationStore(engine), FakeClock(START + timedelta(days=10)))
    store = ConsultationStore(engine)
    month = Period("month", datetime(2026, 5, 1, tzinfo=CITY_ZONE), datetime(2026, 6, 1, tzinfo=CITY_ZONE),
                   "2026-05")
    popular = await store.get("c0")
    assert popular is not None and popular["comments"] == COMMENTS // 2 + TRICKLE, popular["comments"]
    return {"name": name, "comments/s in batches": len(batched) / batch_seconds,
            "ms per comment one at a time": trickle_ms,
            "popular draft's comments": popular["comments"],
            "counts of the popular draft (ms)": await median_ms(lambda: store.comment_counts("c0")),
            "month across agencies (ms)": await median_ms(lambda: reports.across(month)),
            "open now (ms)": await median_ms(lambda: reports.open_now(audience="public"))}


async def postgres(url: str) -> dict[str, Any]:
    schema = f"bench_consultations_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, schema=schema)
    try:
        return await run_on("PostgreSQL", engine)
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


async def sqlite() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(directory) / 'reporting.db'}")
        try:
            return await run_on("SQLite", engine)
        finally:
            await engine.dispose()


def main() -> None:
    results = [asyncio.run(sqlite())]
    if (url := postgres_url()) is not None:
        results.append(asyncio.run(postgres(url)))
    names = [r["name"] for r in results]
    lines = [f"Machine: {machine()}", "",
             f"{CONSULTATIONS} consultations, {COMMENTS:,} comments in batches of {BATCH} (half on one "
             f"draft), then {TRICKLE} more on it one at a time.", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in [k for k in results[0] if k != "name"]:
        cells = [f"{r[key]:,.1f}" if isinstance(r[key], float) else f"{r[key]:,}" for r in results]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
