"""The fast or shifted clock of a local run: every service given the same settings reads the same time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from citycomm_common.clock import FakeClock, ScaledClock, SystemClock, service_clock
from citycomm_common.settings import CommonSettings
from citycomm_notifications.settings import NotificationsSettings

ORIGIN = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
START = datetime(2026, 11, 3, 4, 34, tzinfo=UTC)  # 11:34 in the city


def test_processes_started_apart_read_the_same_fast_time() -> None:
    real = FakeClock(ORIGIN + timedelta(seconds=5))  # this process started 5 s after the origin
    early = ScaledClock(60, origin=ORIGIN, start=START, base=real)
    real.advance(timedelta(seconds=3))
    late = ScaledClock(60, origin=ORIGIN, start=START, base=real)
    assert early.now() == late.now() == START + timedelta(minutes=8)  # 8 real seconds × 60


def test_the_settings_give_every_service_the_same_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(service_clock(CommonSettings()), SystemClock)
    monkeypatch.setenv("CITYCOMM_CLOCK_SPEEDUP", "60")
    monkeypatch.setenv("CITYCOMM_CLOCK_ORIGIN", ORIGIN.isoformat())
    monkeypatch.setenv("CITYCOMM_CLOCK_START", "2026-11-03T11:34:00+07:00")
    clock = service_clock(CommonSettings())
    elapsed = datetime.now(UTC) - ORIGIN
    assert abs(clock.now() - (START + elapsed * 60)) < timedelta(seconds=60)


def test_a_shifted_clock_alone_runs_at_real_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYCOMM_CLOCK_START", "2026-11-03T11:34:00+07:00")
    now = service_clock(CommonSettings()).now()
    assert START <= now < START + timedelta(seconds=5)


def test_the_deadline_tick_is_one_interval_of_the_services_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    assert NotificationsSettings().tick_seconds == 30
    monkeypatch.setenv("CITYCOMM_CLOCK_SPEEDUP", "60")
    assert NotificationsSettings().tick_seconds == 0.5


@pytest.mark.parametrize("variable", [("CITYCOMM_CLOCK_SPEEDUP", "60"),
                                      ("CITYCOMM_CLOCK_START", "2026-11-03T11:34:00+07:00")])
def test_production_runs_on_real_time(monkeypatch: pytest.MonkeyPatch, variable: tuple[str, str]) -> None:
    monkeypatch.setenv("CITYCOMM_ENVIRONMENT", "production")
    monkeypatch.setenv(*variable)
    with pytest.raises(ValidationError, match="for local runs and tests"):
        CommonSettings()


def test_a_start_without_a_timezone_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYCOMM_CLOCK_START", "2026-11-03T11:34:00")
    with pytest.raises(ValidationError, match="timezone"):
        CommonSettings()
