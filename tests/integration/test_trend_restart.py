"""A real reporting worker killed in the middle of a burst (issue 19, decisions 0111, 0102): restarted,
it reads the detector's series back from the changelog of its table and raises the trend once, on the
whole burst, the inquiries seen before the kill counted once however often they are redelivered.
(With the restore left out, the restarted worker counts 3 and raises nothing: this test fails.)
Two workers at once split the partitions and raise a burst once; and a second worker started and
stopped again in the middle of bursts (two rebalances moving partitions between live workers)
leaves each burst raised exactly once, on all its inquiries."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from citycomm.v1 import common_pb2, events_pb2, trends_pb2
from citycomm_common.codec import decode, encode
from citycomm_common.contracts import parse, to_timestamp
from citycomm_dev.broker import EmbeddedBroker
from citycomm_dev.processes import ARTIFACTS, ServiceProcess
from citycomm_dev.stack import Ports, StackConfig, processes
from citycomm_reporting.adapters.trend_table import partition_of
from tests.support.polling import wait_for

SERIES = "category_ward/roads/26740"
CHANGELOG = "citycomm-reporting-reporting-trend-state-changelog"
PARTITIONS = 3


@pytest.fixture(scope="module")
def broker() -> Iterator[EmbeddedBroker]:
    """Its own: another reporting worker on the session's broker would share the consumer group."""
    own = EmbeddedBroker(log_path=ARTIFACTS / "trend-restart-broker.log").start(partitions=3)
    yield own
    own.stop()


def reporting(broker: EmbeddedBroker, state: Path, hour_seconds: int = 20) -> ServiceProcess:
    state.mkdir(parents=True, exist_ok=True)
    trends = state / "trends.yaml"  # hours of 20 s: the burst's window outlasts a restart
    trends.write_text(yaml.safe_dump({
        "hour_seconds": hour_seconds, "window_hours": 3, "min_history_weeks": 0,
        "series": {"category_ward": {"min_count": 5, "min_ratio": 3.0, "end_ratio": 1.5},
                   **{t: {"min_count": 100000} for t in ("category", "ward", "agency", "kind", "topic")}}}))
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(), extra_env={"CITYCOMM_TRENDS_FILE": str(trends),
                                                        "CITYCOMM_TREND_TICK_SECONDS": "0.3"})
    [spec] = [s for s in processes(config) if s.name == "reporting"]
    return ServiceProcess(spec, Path("test-artifacts/logs/trend-restart") / f"{uuid.uuid4()}.log")


async def produce(bootstrap: str, inquiry_ids: list[str], ward: str = "26740") -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for inquiry_id in inquiry_ids:
            event = events_pb2.InquiryAssigned(
                inquiry_id=inquiry_id, agency_id=f"ubnd-{ward}", category="roads", ward_code=ward,
                kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, title="Ổ gà đường Lê Lợi",
                assigned_time=to_timestamp(datetime.now(UTC)))
            record = encode(event, source="/test/routing", subject=inquiry_id, event_id=str(uuid.uuid4()))
            await producer.send_and_wait("inquiry.events", record.value, key=record.key,
                                         headers=record.headers)
    finally:
        await producer.stop()


Record = tuple[bytes | None, bytes, list[tuple[str, bytes]]]


async def read(bootstrap: str, topic: str, seconds: float) -> list[Record]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=None)
    await consumer.start()
    found: list[Record] = []
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=300)).values():
                found += [(r.key, r.value, list(r.headers)) for r in records]
        return found
    finally:
        await consumer.stop()


def saved_count(bootstrap: str, series: str = SERIES) -> int:
    """What the table's changelog last says a series counted in its window."""
    states = [parse(trends_pb2.TrendSeriesState, value)
              for key, value, _ in asyncio.run(read(bootstrap, CHANGELOG, 2))
              if key == series.encode() and value]
    return sum(h.count for h in states[-1].hours) if states else 0


def detected(bootstrap: str) -> list[trends_pb2.TrendDetected]:
    found = []
    for _, value, headers in asyncio.run(read(bootstrap, "trend.events", 2)):
        message = decode(value, headers).message
        if isinstance(message, trends_pb2.TrendDetected) and message.trend.series_type == "category_ward":
            found.append(message)
    return found


def test_a_worker_killed_mid_burst_raises_the_trend_once_on_the_whole_burst(
        broker: EmbeddedBroker, tmp_path: Path) -> None:
    worker = reporting(broker, tmp_path)
    try:
        worker.start().wait_ready(90)
        before = [str(uuid.uuid4()) for _ in range(3)]
        asyncio.run(produce(broker.bootstrap, before))
        wait_for(lambda: saved_count(broker.bootstrap) == 3, 30, "three inquiries in the table's changelog")
        worker.kill()  # SIGKILL: offsets may be uncommitted, so the three may come again
        worker.restart().wait_ready(90)
        assert re.search(r"early warning: partition \d: [1-9]\d* series restored from the table",
                         worker.logged())
        asyncio.run(produce(broker.bootstrap, [str(uuid.uuid4()) for _ in range(3)]))
        wait_for(lambda: detected(broker.bootstrap), 90, "trend.detected")
        [trend] = [d for d in detected(broker.bootstrap) if d.trend.series_value == SERIES.split("/", 1)[1]]
        assert trend.trend.observed == 6 and len(set(trend.trend.inquiry_ids)) == 6
        assert set(before) <= set(trend.trend.inquiry_ids)
    finally:
        worker.kill()


def held(worker: ServiceProcess) -> set[int]:
    """The partitions a worker took over at some time (it logs each as it restores it)."""
    found = re.findall(r"early warning: partition (\d+): \d+ series restored", worker.logged())
    return {int(p) for p in found}


def test_two_workers_split_the_partitions_and_raise_a_burst_once(
        broker: EmbeddedBroker, tmp_path: Path) -> None:
    workers = [reporting(broker, tmp_path / name) for name in ("a", "b")]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.wait_ready(90)
        burst = [str(uuid.uuid4()) for _ in range(6)]
        asyncio.run(produce(broker.bootstrap, burst, ward="26743"))

        def ours() -> list[trends_pb2.TrendDetected]:
            return [d for d in detected(broker.bootstrap) if d.trend.series_value == "roads/26743"]

        wait_for(ours, 90, "trend.detected")
        time.sleep(3)  # more ticks of both workers: a second holder would publish the trend again
        [trend] = ours()
        assert sorted(trend.trend.inquiry_ids) == sorted(burst)
        assert all(held(w) for w in workers), [w.log_path for w in workers]  # both detect
    finally:
        for worker in workers:
            worker.kill()


# Wards whose series "category_ward/roads/<ward>" fall in each of the three partitions.
WARDS = ("26740", "26743", "26746")


@pytest.fixture
def fresh_broker() -> Iterator[EmbeddedBroker]:
    """Its own again: the changelogs of the tests above count in hours of another length."""
    own = EmbeddedBroker(log_path=ARTIFACTS / "trend-rebalance-broker.log").start(partitions=PARTITIONS)
    yield own
    own.stop()


def test_a_second_worker_started_and_stopped_mid_burst_leaves_each_burst_raised_once(
        fresh_broker: EmbeddedBroker, tmp_path: Path) -> None:
    broker = fresh_broker
    assert {partition_of(f"category_ward/roads/{w}".encode(), PARTITIONS) for w in WARDS} == {0, 1, 2}
    # hours of 90 s: the bursts' window (3 of them) outlasts two rebalances
    first, second = (reporting(broker, tmp_path / name, hour_seconds=90) for name in ("a", "b"))
    bursts = {ward: [str(uuid.uuid4()) for _ in range(6)] for ward in WARDS}
    try:
        first.start().wait_ready(90)
        for ward in WARDS:
            asyncio.run(produce(broker.bootstrap, bursts[ward][:2], ward=ward))
        for ward in WARDS:
            wait_for(lambda w=ward: saved_count(broker.bootstrap, f"category_ward/roads/{w}") == 2, 30,
                     f"two inquiries of ward {ward} in the changelog")
        second.start().wait_ready(90)
        wait_for(lambda: held(second), 60, "the second worker to take partitions over")
        moved = held(second)
        for ward in WARDS:
            asyncio.run(produce(broker.bootstrap, bursts[ward][2:4], ward=ward))
        for ward in WARDS:
            wait_for(lambda w=ward: saved_count(broker.bootstrap, f"category_ward/roads/{w}") == 4, 30,
                     f"four inquiries of ward {ward} in the changelog")
        assert second.terminate(30) == 0  # its partitions go back to the first worker
        for ward in WARDS:
            asyncio.run(produce(broker.bootstrap, bursts[ward][4:], ward=ward))

        def raised() -> dict[str, list[trends_pb2.TrendDetected]]:
            found: dict[str, list[trends_pb2.TrendDetected]] = {w: [] for w in WARDS}
            for d in detected(broker.bootstrap):
                ward = d.trend.series_value.split("/")[-1]
                if ward in found:
                    found[ward].append(d)
            return found

        wait_for(lambda: all(raised().values()), 240, "a trend.detected for each ward")
        time.sleep(5)  # more ticks: a partition held twice would publish its trend again
        for ward, found in raised().items():
            [trend] = found  # once: not again by the worker that held its partition before
            ids = set(trend.trend.inquiry_ids)  # the two bursts' parts before the rebalances among them
            assert set(bursts[ward][:4]) <= ids <= set(bursts[ward]) and len(ids) >= 5, ward
        assert moved and moved != {0, 1, 2}, moved  # the second worker held some partitions, not all
    finally:
        first.kill()
        second.kill()
