"""Early warning split by partition (issue 19, decision 0102): each first assignment is sent again
once per series, keyed by it, and once for its text; each partition's watch counts only its own
series, so each trend is raised once whichever worker holds which partition, and a partition that
moves to another worker mid-burst goes on there from the table. The topic index and its titles
survive a restart in a table of their own; ended trends leave the pages' board after a retention."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.message import Message

from citycomm.v1 import trends_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import FakeClock
from citycomm_common.codec import Envelope
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.adapters.trend_table import (
    MisroutedTrendRecords,
    TrendSeriesTable,
    TrendTopicTable,
    partition_of,
)
from citycomm_reporting.adapters.word_segmenter import segment
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.domain.trend_model import series_id
from citycomm_reporting.domain.trend_topics import TopicIndex, TopicSettings
from citycomm_reporting.service_layer.trends import TOPICS, TrendShards, TrendWatch, trend_records
from tests.unit.test_trend_watch import BURST, CONFIG, START, assigned

PARTITIONS = 3


class Cluster:
    """Shards over one table, as the workers of one consumer group share the changelogs."""

    def __init__(self, config: TrendConfig = CONFIG, topics: TopicSettings | None = None) -> None:
        self.config = config
        self.series: dict[bytes, bytes] = {}
        self.texts: dict[bytes, bytes] = {}
        self.board = TrendBoard()
        self.published: list[Message] = []
        self.topic_settings = topics

    def worker(self) -> TrendShards:
        topics_partition = partition_of(TOPICS.encode(), PARTITIONS)
        table = TrendSeriesTable(self.series, PARTITIONS, self.texts, topics_partition)
        texts = TrendTopicTable(self.texts)

        async def publish(message: Message, key: str, event_id: str) -> None:
            self.published.append(message)

        def make(partition: int) -> TrendWatch:
            index = (TopicIndex(segment, self.topic_settings) if self.topic_settings
                     and partition == topics_partition else None)
            detector = TrendDetector(self.config, HourOfWeek(WorkingCalendar(), self.config.hour_seconds))
            return TrendWatch(detector, index, publish, table, self.board, texts)

        return TrendShards(make, table.load, texts.load, topics_partition)

    def detected(self, series_type: str = "category_ward") -> list[trends_pb2.TrendDetected]:
        return [m for m in self.published
                if isinstance(m, trends_pb2.TrendDetected) and m.trend.series_type == series_type]


def send(worker: TrendShards, envelope: Envelope, held: set[int] | None = None) -> None:
    """What the projection sends and the agent of the partition's holder counts."""
    for key in trend_records(envelope):
        partition = partition_of(key.encode(), PARTITIONS)
        if held is None or partition in held:
            worker.observe(partition, envelope, key)


async def three_weeks(worker: TrendShards) -> None:
    moment = START
    while moment < BURST:  # one inquiry every six hours in each of two wards
        send(worker, assigned(f"n{moment:%j%H}", moment))
        send(worker, assigned(f"m{moment:%j%H}", moment, ward="25750"))
        await worker.tick(moment, range(PARTITIONS))
        moment += timedelta(hours=6)


def test_an_assignment_is_sent_again_once_per_series_and_once_for_its_text() -> None:
    keys = trend_records(assigned("a1", START))
    assert keys == ["category/drainage-flooding", "kind/citizen_feedback", "ward/25747",
                    "category_ward/drainage-flooding/25747", "agency/ubnd-25747", TOPICS]
    assert trend_records(assigned("a1", START, previous="ubnd-1")) == []  # a transfer: not again
    assert len({partition_of(k.encode(), PARTITIONS) for k in keys}) > 1  # spread over partitions


async def test_each_partition_counts_its_own_series_and_a_burst_is_raised_once() -> None:
    cluster = Cluster()
    worker = cluster.worker()
    await three_weeks(worker)
    for n in range(8):
        send(worker, assigned(f"b{n}", BURST + timedelta(minutes=5 * n)))
    for hours in range(1, 12):
        await worker.tick(BURST + timedelta(hours=hours), range(PARTITIONS))
    [trend] = cluster.detected()
    assert trend.trend.series_value == "drainage-flooding/25747" and trend.trend.observed == 8
    assert list(trend.trend.agency_ids) == ["ubnd-25747"]
    ids = [m.trend.trend_id for m in cluster.published if isinstance(m, trends_pb2.TrendDetected)]
    assert len(ids) == len(set(ids))
    for partition in worker.held():
        keys = worker.watch(partition).detector.series()
        assert keys and all(partition_of(series_id(k).encode(), PARTITIONS) == partition for k in keys)
    # The same traffic through one watch of everything raises the same trends.
    whole: list[Message] = []

    async def publish(message: Message, key: str, event_id: str) -> None:
        whole.append(message)

    one = TrendWatch(TrendDetector(CONFIG, HourOfWeek(WorkingCalendar())), None, publish)
    moment = START
    while moment < BURST:
        one.observe(assigned(f"n{moment:%j%H}", moment))
        one.observe(assigned(f"m{moment:%j%H}", moment, ward="25750"))
        await one.tick(moment)
        moment += timedelta(hours=6)
    for n in range(8):
        one.observe(assigned(f"b{n}", BURST + timedelta(minutes=5 * n)))
    for hours in range(1, 12):
        await one.tick(BURST + timedelta(hours=hours))

    def changes(messages: list[Message]) -> list[str]:
        kinds = trends_pb2.TrendDetected | trends_pb2.TrendUpdated | trends_pb2.TrendEnded
        return sorted(f"{type(m).__name__} {m.trend.trend_id}" for m in messages if isinstance(m, kinds))

    assert changes(whole) == changes(cluster.published)


async def test_a_partition_moved_to_another_worker_mid_burst_raises_its_trend_once() -> None:
    cluster = Cluster()
    first = cluster.worker()
    await three_weeks(first)
    for n in range(5):
        send(first, assigned(f"b{n}", BURST + timedelta(minutes=5 * n)))
    moved = partition_of(b"category_ward/drainage-flooding/25747", PARTITIONS)
    kept = set(range(PARTITIONS)) - {moved}
    first.forget([moved])  # a rebalance: the partition goes to a second worker
    second = cluster.worker()
    for n in range(5, 8):  # the rest of the burst, redelivering two of the first five
        for worker, held in ((first, kept), (second, {moved})):
            send(worker, assigned(f"b{n}", BURST + timedelta(minutes=5 * n)), held)
    for n in (0, 1):
        send(second, assigned(f"b{n}", BURST + timedelta(minutes=5 * n)), {moved})
    for hours in range(1, 12):
        await first.tick(BURST + timedelta(hours=hours), kept)
        await second.tick(BURST + timedelta(hours=hours), {moved})
    [trend] = cluster.detected()
    assert trend.trend.observed == 8 and len(set(trend.trend.inquiry_ids)) == 8
    assert moved not in first.held() and second.held() == [moved]


async def test_a_rebalance_drops_every_watch_and_the_next_tick_reads_them_back() -> None:
    cluster = Cluster()
    worker = cluster.worker()
    await three_weeks(worker)
    assert worker.held() == [0, 1, 2]
    assert await worker.tick(BURST, None) == [] and worker.held() == []
    await worker.tick(BURST, {1})
    assert worker.held() == [1] and worker.watch(1).detector.series()


TOPIC_CONFIG = TrendConfig(window_hours=3, min_history_weeks=0, series={
    "topic": Sensitivity(min_count=4, min_ratio=3.0, end_ratio=1.5),
    **{t: Sensitivity(min_count=1000) for t in ("category", "ward", "agency", "kind", "category_ward")}})
TEXTS = [("Dự án chống ngập đường Nguyễn Hữu Cảnh chậm tiến độ", "Khi nào dự án chống ngập hoàn thành?"),
         ("Du an chong ngap duong Nguyen Huu Canh cham tien do", "Bao gio xong?"),
         ("Dự án chống ngập Nguyễn Hữu Cảnh chậm tiến độ", "Xin hỏi tiến độ dự án chống ngập."),
         ("Dự án chống ngập đường Nguyễn Hữu Cảnh vẫn chậm tiến độ", "Phóng viên hỏi về dự án chống ngập.")]


def texted(n: int, at: datetime) -> Envelope:
    envelope = assigned(f"t{n}", at, ward=str(25740 + n))  # each in another ward: only the topic rises
    envelope.message.title, envelope.message.description = TEXTS[n]  # type: ignore[attr-defined]
    return envelope


async def test_the_topic_index_and_its_titles_survive_a_restart() -> None:
    cluster = Cluster(TOPIC_CONFIG, TopicSettings())
    first = cluster.worker()
    await first.tick(BURST, range(PARTITIONS))
    for n in (0, 1):
        send(first, texted(n, BURST + timedelta(minutes=n)))
    assert len([k for k in cluster.texts if k.startswith(b"text/")]) == 2
    second = cluster.worker()  # restarted: the index and the series back from their tables
    for n in (2, 3):
        send(second, texted(n, BURST + timedelta(minutes=n)))
    await second.tick(BURST + timedelta(hours=1), range(PARTITIONS))
    [trend] = cluster.detected("topic")
    assert trend.trend.observed == 4 and sorted(trend.trend.inquiry_ids) == ["t0", "t1", "t2", "t3"]
    assert trend.trend.topic_label == TEXTS[0][0]  # its first text's title, from before the restart


async def test_texts_leave_the_topic_table_with_the_index() -> None:
    cluster = Cluster(TOPIC_CONFIG, TopicSettings(retention_hours=24))
    worker = cluster.worker()
    send(worker, texted(0, BURST))
    send(worker, texted(1, BURST + timedelta(hours=30)))
    assert sorted(k for k in cluster.texts if k.startswith(b"text/")) == [b"text/t1"]


def test_ended_trends_leave_the_board_after_the_retention() -> None:
    clock = FakeClock(datetime(2026, 6, 1, tzinfo=UTC))
    board = TrendBoard()

    def put(trend_id: str, changed_days_ago: int, ended: bool) -> None:
        board.put(trends_pb2.TrendView(
            trend=trends_pb2.Trend(trend_id=trend_id), ended=ended,
            changed_time=to_timestamp(clock.now() - timedelta(days=changed_days_ago))))

    put("old-ended", 40, True)
    put("recent-ended", 10, True)
    put("long-open", 60, False)  # open: kept however old
    kept = timedelta(days=TrendConfig().ended_kept_days)
    assert board.prune(clock.now() - kept) == 1
    assert sorted(v.trend.trend_id for v in board.views()) == ["long-open", "recent-ended"]
    clock.advance(timedelta(days=26))
    assert board.prune(clock.now() - kept) == 1
    assert [v.trend.trend_id for v in board.views()] == ["long-open"]


def test_a_record_on_a_partition_its_key_does_not_hash_to_is_not_the_tables() -> None:
    """The topic made with 3 partitions while the workers are told 12 (the inquiry topics grown, the
    internal topic not): its records arrive where murmur2 % 3 puts them, and most are not where a
    table of 12 would save their series; `owns` says which, so the worker does not count them."""
    keys = [series_id(("ward", str(ward))).encode() for ward in range(26700, 26760)]
    on_three = [(key, partition_of(key, 3)) for key in keys]
    assert all(TrendSeriesTable({}, 3).owns(key, partition) for key, partition in on_three)
    told_twelve = TrendSeriesTable({}, 12)
    refused = [key for key, partition in on_three if not told_twelve.owns(key, partition)]
    assert 0 < len(refused) < len(keys)


def test_misrouted_records_are_said_once_a_minute_with_the_count(caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    topic = "citycomm-reporting-trend-series-inquiries"
    misrouted = MisroutedTrendRecords(topic, 12, monotonic=lambda: now[0])
    with caplog.at_level(logging.ERROR, logger="citycomm_reporting.adapters.trend_table"):
        for second in range(0, 130, 10):
            now[0] = 100.0 + second
            misrouted.record(partition=2)
    said = [r.getMessage() for r in caplog.records]
    assert misrouted.count == 13
    assert len(said) == 3  # at 0, 60 and 120 s
    assert said[0].startswith("early warning: 1 records of citycomm-reporting-trend-series-inquiries")
    assert "CITYCOMM_KAFKA_PARTITIONS=12" in said[0] and said[-1].startswith("early warning: 13 records")
