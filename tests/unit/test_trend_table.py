"""Early warning's state survives a restart (issue 19, decision 0111): the detector's series saved in
a table (as the worker's changelogged faust table holds them) and restored go on exactly as an
uninterrupted watch, an inquiry seen again after the restart is not counted twice, and a detector
whose hour is seconds long (config `hour_seconds`, the end-to-end test's) raises within one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.protobuf.message import Message

from citycomm.v1 import trends_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_reporting.adapters.trend_table import TrendSeriesTable, from_state, to_state
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.service_layer.trends import TrendWatch
from tests.unit.test_trend_watch import BURST, CONFIG, START, assigned


def new_watch(published: list[Message], table: dict[bytes, bytes] | None = None,
              config: TrendConfig = CONFIG) -> TrendWatch:
    async def publish(message: Message, key: str, event_id: str) -> None:
        published.append(message)

    store = TrendSeriesTable(table) if table is not None else None
    return TrendWatch(TrendDetector(config, HourOfWeek(WorkingCalendar(), config.hour_seconds)), None,
                      publish, store)


async def feed(watch: TrendWatch, start: datetime, end: datetime) -> None:
    moment = start
    while moment < end:
        watch.observe(assigned(f"n{moment:%j%H}", moment))
        watch.observe(assigned(f"m{moment:%j%H}", moment, ward="25750"))
        await watch.tick(moment)
        moment += timedelta(hours=6)


async def burst(watch: TrendWatch, names: range) -> None:
    for n in names:
        watch.observe(assigned(f"b{n}", BURST + timedelta(minutes=5 * n)))


async def test_a_restored_watch_goes_on_as_an_uninterrupted_one() -> None:
    straight: list[Message] = []
    uninterrupted = new_watch(straight)
    await feed(uninterrupted, START, BURST)
    await burst(uninterrupted, range(8))
    for hours in range(1, 12):
        await uninterrupted.tick(BURST + timedelta(hours=hours))

    table: dict[bytes, bytes] = {}
    before: list[Message] = []
    first = new_watch(before, table)
    await feed(first, START, BURST)
    await burst(first, range(5))
    # The worker stops here; another one takes the table's changelog over.
    after: list[Message] = []
    second = new_watch(after, table)
    assert second.restore(TrendSeriesTable(table).load()) == len(first.detector.series())
    await burst(second, range(3, 8))  # b3 and b4 again: redelivered after the restart
    for hours in range(1, 12):
        await second.tick(BURST + timedelta(hours=hours))

    assert [type(m).__name__ for m in before + after] == [type(m).__name__ for m in straight]
    assert before + after == straight
    kinds = [type(m) for m in after if m.trend.series_type == "category_ward"]  # type: ignore[attr-defined]
    assert kinds == [trends_pb2.TrendDetected, trends_pb2.TrendEnded]
    detected = next(m for m in after if isinstance(m, trends_pb2.TrendDetected)
                    and m.trend.series_type == "category_ward")
    assert detected.trend.observed == 8  # b3 and b4 counted once


def test_a_series_state_reads_back_as_it_was_written() -> None:
    detector = TrendDetector(CONFIG, HourOfWeek(WorkingCalendar()))
    hour = 480_000
    for n in range(6):
        detector.observe(f"i{n}", hour + n % 2, [("category_ward", "noise/25747")])
    detector.close_until(hour + 2)
    key = ("category_ward", "noise/25747")
    snapshot = detector.snapshot(key)
    assert snapshot is not None
    assert from_state(trends_pb2.TrendSeriesState.FromString(to_state(key, snapshot).SerializeToString())) \
        == (key, snapshot)


async def test_an_hour_of_two_seconds_raises_and_ends_a_burst_in_seconds() -> None:
    config = TrendConfig(window_hours=3, min_history_weeks=0, hour_seconds=2, series={
        "category_ward": Sensitivity(min_count=5, min_ratio=3.0, end_ratio=1.5, end_windows=2)})
    published: list[Message] = []
    watch = new_watch(published, config=config)
    t0 = datetime(2026, 12, 4, 10, 0, 0, tzinfo=UTC)
    for n in range(6):
        watch.observe(assigned(f"s{n}", t0 + timedelta(milliseconds=200 * n)))
    await watch.tick(t0 + timedelta(seconds=2))
    detected = [m for m in published if isinstance(m, trends_pb2.TrendDetected)
                and m.trend.series_type == "category_ward"]
    assert len(detected) == 1 and detected[0].trend.observed == 6
    assert detected[0].detected_time.ToDatetime(tzinfo=UTC) == t0 + timedelta(seconds=2)
    await watch.tick(t0 + timedelta(seconds=20))
    ended = [m for m in published if isinstance(m, trends_pb2.TrendEnded)
             and m.trend.series_type == "category_ward"]
    assert [m.trend.trend_id for m in ended] == [detected[0].trend.trend_id]
    assert ended[0].ended_time.ToDatetime(tzinfo=UTC) <= t0 + timedelta(seconds=2 * (3 + 2 + 1))


async def test_a_trend_raised_just_after_a_restart_still_names_its_agencies() -> None:
    table: dict[bytes, bytes] = {}
    first = new_watch([], table)
    await feed(first, START, BURST)
    await burst(first, range(8))  # all counted; the worker stops before the hour closes
    after: list[Message] = []
    second = new_watch(after, table)
    second.restore(TrendSeriesTable(table).load())
    await second.tick(BURST + timedelta(hours=1))
    [detected] = [m for m in after if isinstance(m, trends_pb2.TrendDetected)
                  and m.trend.series_type == "category_ward"]
    assert list(detected.trend.agency_ids) == ["ubnd-25747"] and detected.trend.observed == 8
