"""The early-warning detector (issue 19): seasonal normal, count model, state machine, config."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.config_files import ConfigError
from citycomm_reporting.domain.trend_baseline import HourOfWeek, SeasonalBaseline, hour_index
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig, load_trend_config
from citycomm_reporting.domain.trend_counts import lower_tail, upper_quantile, upper_tail
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.domain.trend_model import series_keys, trend_id

ROOT = Path(__file__).resolve().parents[2]
MONDAY = hour_index(datetime(2025, 3, 3, 1, tzinfo=UTC))  # 08:00 local, an ordinary Monday
KEY = ("category_ward", "noise/25747")
SERIES = series_keys(category="noise", ward="25747", agency="ubnd-25747", kind="feedback")
SENS = Sensitivity(alpha=0.001, min_count=5, min_ratio=3.0, end_ratio=1.5, end_windows=2)
CONFIG = TrendConfig(window_hours=3, min_history_weeks=2, series={"category_ward": SENS})


def detector_with_history(weeks: int = 3, per_hour: int = 0) -> TrendDetector:
    """A detector that has seen `weeks` of one inquiry every 4 hours (and `per_hour` more)."""
    detector = TrendDetector(CONFIG, HourOfWeek(WorkingCalendar()))
    start = MONDAY - weeks * 168
    for hour in range(start, MONDAY):
        detector.close_until(hour)
        for n in range((1 if hour % 4 == 0 else 0) + per_hour):
            detector.observe(f"h{hour}-{n}", hour, SERIES)
    detector.close_until(MONDAY)
    return detector


def burst(detector: TrendDetector, hours: range, per_hour: int) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    for hour in hours:
        seen += [(c.kind, hour) for c in detector.close_until(hour) if c.trend.series_type == KEY[0]]
        for n in range(per_hour):
            detector.observe(f"b{hour}-{n}", hour, SERIES)
    return seen


def test_a_burst_in_one_ward_is_detected_updated_once_and_ends() -> None:
    detector = detector_with_history()
    seen = burst(detector, range(MONDAY, MONDAY + 6), 3) + burst(detector, range(MONDAY + 6, MONDAY + 9), 8)
    seen += burst(detector, range(MONDAY + 9, MONDAY + 30), 0)
    kinds = [k for k, _ in seen]
    assert kinds[0] == "detected" and kinds[-1] == "ended" and "updated" in kinds
    assert kinds.count("detected") == kinds.count("ended") == 1
    assert detector.active() == []


def test_the_trend_says_what_where_how_far_and_since_when() -> None:
    detector = detector_with_history()
    burst(detector, range(MONDAY, MONDAY + 1), 8)
    (change,) = [c for c in detector.close_until(MONDAY + 1) if c.trend.series_type == KEY[0]]
    trend = change.trend
    assert (trend.series_type, trend.series_value, trend.direction) == (*KEY, "rise")
    assert trend.observed == 9 and trend.expected < 2 and trend.ratio > 4.5
    assert trend.since == datetime(2025, 3, 2, 23, tzinfo=UTC)  # the window's first hour
    assert {f"b{MONDAY}-0", f"b{MONDAY}-7", f"h{MONDAY - 1}-0"} <= set(trend.inquiry_ids)
    assert trend.trend_id == trend_id(KEY, "rise", MONDAY - 2)
    assert change.at == datetime(2025, 3, 3, 2, tzinfo=UTC)  # when the hour closed


def test_normal_traffic_raises_nothing() -> None:
    detector = detector_with_history(weeks=4)
    seen = burst(detector, range(MONDAY, MONDAY + 48), 0)
    assert seen == []


def test_no_trend_before_enough_history() -> None:
    detector = detector_with_history(weeks=1)
    assert burst(detector, range(MONDAY, MONDAY + 5), 5) == []


def test_a_busy_series_needs_a_bigger_burst() -> None:
    """The normal of a series with 3 an hour makes 6 an hour unremarkable; a quiet one would not."""
    assert burst(detector_with_history(per_hour=3), range(MONDAY, MONDAY + 5), 6) == []
    assert burst(detector_with_history(), range(MONDAY, MONDAY + 5), 6)[0][0] == "detected"


def test_holidays_share_the_sunday_normal() -> None:
    hour_of_week = HourOfWeek(WorkingCalendar())
    sunday = hour_index(datetime(2025, 3, 2, 3, tzinfo=UTC))  # 10:00 local
    national_day = hour_index(datetime(2025, 9, 2, 3, tzinfo=UTC))  # a Tuesday, 10:00 local
    assert hour_of_week(national_day) == hour_of_week(sunday) == 6 * 24 + 10
    assert hour_of_week(MONDAY) == 8


def test_the_baseline_shrinks_a_thin_history_towards_the_city_rhythm() -> None:
    baseline = SeasonalBaseline(shrinkage_weeks=4)
    for _week in range(2):
        for slot in range(168):
            baseline.learn(("ward", "busy"), slot, 10.0 if slot == 8 else 1.0)
    baseline.learn(("ward", "thin"), 8, 0.0)
    baseline.learn(("ward", "thin"), 9, 2.0)
    busy_at_8, busy_at_9 = baseline.expected(("ward", "busy"), 8), baseline.expected(("ward", "busy"), 9)
    assert 5 < busy_at_8 < 10 and busy_at_9 < 1.5  # 2 weeks pulled to the prior
    # The thin ward saw nothing at slot 8 once, yet 8 is the city's busy hour: expected is above 0.
    assert baseline.expected(("ward", "thin"), 8) > 0.5


def test_the_count_model_tails() -> None:
    assert upper_tail(10, 2.0, 0.0) < 1e-4 < upper_tail(10, 2.0, 0.5)  # overdispersion widens it
    assert upper_tail(0, 2.0, 0.3) == pytest.approx(1.0)
    assert lower_tail(0, 40.0, 0.1) < 0.01
    assert upper_quantile(2.0, 0.0, 0.001) == 9


def test_series_keys_leave_out_what_is_unknown() -> None:
    assert series_keys(category="noise", ward="", agency="", kind="feedback") == (
        ("category", "noise"), ("kind", "feedback"))
    assert ("category_ward", "noise/25747") in SERIES


def test_the_repository_config_loads_and_bad_values_say_where(tmp_path: Path) -> None:
    config = load_trend_config(ROOT / "config" / "trends.yaml")
    assert config.sensitivity("kind").falls and config.sensitivity("unknown") == Sensitivity()
    bad = tmp_path / "trends.yaml"
    bad.write_text("series:\n  ward:\n    min_ratio: 1.2\n    end_ratio: 1.5\n")
    with pytest.raises(ConfigError, match="end_ratio must be below min_ratio"):
        load_trend_config(bad)


def test_a_detector_restored_from_its_series_snapshots_goes_on_as_if_never_stopped() -> None:
    """What a restart from the changelogged table gives: the same changes, mid-burst."""
    kept = detector_with_history()
    restarted = detector_with_history()
    burst(kept, range(MONDAY, MONDAY + 2), 8)
    burst(restarted, range(MONDAY, MONDAY + 2), 8)
    fresh = TrendDetector(CONFIG, HourOfWeek(WorkingCalendar()))
    for key in restarted.series():
        snapshot = restarted.snapshot(key)
        assert snapshot is not None
        fresh.restore(key, snapshot)
    assert fresh.active() == kept.active() != []
    rest = range(MONDAY + 2, MONDAY + 20)
    after = burst(kept, rest, 1)
    assert burst(fresh, rest, 1) == after and "ended" in [kind for kind, _ in after]
    assert fresh.baseline.expected(KEY, 9) == kept.baseline.expected(KEY, 9)
