"""Early warning's worker path (issue 19, decisions 0111, 0102) against the bare detector, same run.

Eight weeks of the seeded evaluation year (bench/trends/traffic.py) through the detector alone
(bench.trends.evaluate.run) and through TrendWatch as the reporting worker runs it: each first
assignment observed, every hour closed, every series it changes saved as protobuf into a mapping
that stands for the changelogged faust table, and the pages' board kept; no topics (the traffic
has no texts); and split as the workers run it (decision 0102): one record per series, routed to
its partition's watch (TrendShards over 3 partitions), every partition's hours closed.
Run: `python -m bench.trends.worker` (about two minutes on 2 cores).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import defaultdict
from datetime import timedelta

from google.protobuf.message import Message

from bench.trends.evaluate import run
from bench.trends.traffic import ROOT, Inquiry, generate
from citycomm.v1 import common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.adapters.trend_table import TrendSeriesTable, partition_of
from citycomm_reporting.domain.trend_baseline import HourOfWeek, hour_start
from citycomm_reporting.domain.trend_config import TrendConfig, load_trend_config
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.service_layer.trends import TOPICS, TrendShards, TrendWatch, trend_records

WEEKS = 8
PARTITIONS = 3
KINDS = {"press-question": common_pb2.INQUIRY_KIND_PRESS_REQUEST}


def assignment(q: Inquiry) -> codec.Envelope:
    at = hour_start(q.hour) + timedelta(minutes=1)
    message = events_pb2.InquiryAssigned(
        inquiry_id=q.inquiry_id, agency_id=q.agency, category=q.category, ward_code=q.ward, title="-",
        kind=KINDS.get(q.kind, common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK), assigned_time=to_timestamp(at))
    return codec.Envelope(id=q.inquiry_id, type="citycomm.v1.InquiryAssigned", source="bench",
                          subject=q.inquiry_id, time=at, message=message, headers={})


def _by_hour(inquiries: list[Inquiry]) -> dict[int, list[codec.Envelope]]:
    by_hour: dict[int, list[codec.Envelope]] = defaultdict(list)
    for q in inquiries:
        by_hour[q.hour].append(assignment(q))  # made before the clock starts, as the codec would
    return by_hour


async def _publish(message: Message, key: str, event_id: str) -> None:
    return None


async def split(config: TrendConfig, inquiries: list[Inquiry], table: dict[bytes, bytes]) -> float:
    """The same through one watch per partition, each inquiry as its records (decision 0102)."""
    by_hour = _by_hour(inquiries)
    store, board = TrendSeriesTable(table, PARTITIONS), TrendBoard()

    def make(partition: int) -> TrendWatch:
        return TrendWatch(TrendDetector(config, HourOfWeek(WorkingCalendar())), None, _publish, store, board)

    shards = TrendShards(make, store.load, lambda: (), partition_of(TOPICS.encode(), PARTITIONS))
    started = time.perf_counter()
    for hour in range(min(by_hour), max(by_hour) + 2):
        await shards.tick(hour_start(hour), range(PARTITIONS))
        for envelope in by_hour.get(hour, ()):
            for key in trend_records(envelope):
                shards.observe(partition_of(key.encode(), PARTITIONS), envelope, key)
    return time.perf_counter() - started


async def worker(config: TrendConfig, inquiries: list[Inquiry], table: dict[bytes, bytes]) -> float:
    by_hour: dict[int, list[codec.Envelope]] = defaultdict(list)
    for q in inquiries:
        by_hour[q.hour].append(assignment(q))  # made before the clock starts, as the codec would

    async def publish(message: Message, key: str, event_id: str) -> None:
        return None

    watch = TrendWatch(TrendDetector(config, HourOfWeek(WorkingCalendar())), None, publish,
                       TrendSeriesTable(table), TrendBoard())
    started = time.perf_counter()
    for hour in range(min(by_hour), max(by_hour) + 2):
        await watch.tick(hour_start(hour))
        for envelope in by_hour.get(hour, ()):
            watch.observe(envelope)
    return time.perf_counter() - started


def main() -> None:
    config = load_trend_config(ROOT / "config" / "trends.yaml")
    inquiries, _ = generate()
    first = min(q.hour for q in inquiries)
    inquiries = [q for q in inquiries if q.hour < first + WEEKS * 168]
    _, bare = run(TrendDetector(config, HourOfWeek(WorkingCalendar())), inquiries)
    table: dict[bytes, bytes] = {}
    seconds = asyncio.run(worker(config, inquiries, table))
    split_seconds = asyncio.run(split(config, inquiries, {}))
    hours = WEEKS * 168
    sys.stdout.write(
        f"{len(inquiries):,} inquiries over {WEEKS} weeks, {len(table)} series\n\n"
        "| path | inquiries/s | ms per closed hour (all of it) |\n|---|---|---|\n"
        f"| detector alone | {len(inquiries) / bare:,.0f} | {1000 * bare / hours:.1f} |\n"
        f"| worker: TrendWatch, series table, board | {len(inquiries) / seconds:,.0f} | "
        f"{1000 * seconds / hours:.1f} |\n"
        f"| workers split over {PARTITIONS} partitions: a record per series, TrendShards | "
        f"{len(inquiries) / split_seconds:,.0f} | {1000 * split_seconds / hours:.1f} |\n\n"
        f"series table value: {sum(map(len, table.values())) / len(table):,.0f} bytes on average\n")


if __name__ == "__main__":
    main()
