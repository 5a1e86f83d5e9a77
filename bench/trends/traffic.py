"""A seeded year of synthetic inquiry traffic with labelled injected events (issue 19's evaluation set).

Hourly Poisson arrivals with the city's rhythm: office hours, a quieter evening, near silence at
night, weekends at half and Vietnamese public holidays (the `holidays` library, Tết included) at
a third; a category mix (the 1022 portal's largest first) and wards of Zipf-like sizes. On top,
labelled events in one category and one ward of three shapes (spike, step, ramp) and a range
of sizes, none in the first `WARMUP_WEEKS` (the detector is learning). Same seed, same year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import holidays
import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2025
WARMUP_WEEKS = 6
DAILY_INQUIRIES = 240
WARDS = 24
KINDS = {"feedback": 0.7, "information-request": 0.22, "press-question": 0.08}
# Local (UTC+7) hour weights: office hours peak, evening tail, night floor.
HOURLY = np.array([1, 1, 1, 1, 1, 2, 4, 7, 10, 10, 10, 9, 6, 8, 10, 10, 9, 7, 6, 6, 5, 4, 2, 1], float)
SHAPES = ("spike", "step", "ramp")


@dataclass(frozen=True)
class Inquiry:
    inquiry_id: str
    hour: int  # hour index (hours since 1970 UTC)
    category: str
    ward: str
    agency: str
    kind: str


@dataclass(frozen=True)
class Event:
    """One injected event: `extra` more inquiries an hour (at full strength) for `hours` hours."""

    event_id: str
    shape: str
    category: str
    ward: str
    agency: str
    start: int
    hours: int
    extra: float

    def rate(self, hour: int) -> float:
        offset = hour - self.start
        if not 0 <= offset < self.hours:
            return 0.0
        if self.shape == "ramp":
            return self.extra * (offset + 1) / self.hours
        return self.extra


def _categories() -> tuple[list[str], list[str], np.ndarray]:
    data = yaml.safe_load((ROOT / "config" / "categories.yaml").read_text())["categories"]
    codes = [c["code"] for c in data]
    agencies = [c["department"] for c in data]
    weights = 1.0 / np.arange(1, len(codes) + 1) ** 0.8
    return codes, agencies, weights / weights.sum()


def _wards() -> list[str]:
    data = yaml.safe_load((ROOT / "config" / "wards.yaml").read_text())["agencies"]
    return [a["wards"][0] for a in data[:WARDS]]


def day_factor(day: date, vn_holidays: holidays.HolidayBase) -> float:
    if day in vn_holidays:
        return 0.33
    return 0.5 if day.weekday() >= 5 else 1.0


def generate(seed: int = 19) -> tuple[list[Inquiry], list[Event]]:
    rng = np.random.default_rng(seed)
    codes, agencies, mix = _categories()
    wards = _wards()
    ward_weights = 1.0 / np.arange(1, len(wards) + 1) ** 0.6
    ward_weights /= ward_weights.sum()
    vn_holidays = holidays.country_holidays("VN", years=YEAR)
    start = datetime(YEAR, 1, 1, tzinfo=UTC) - timedelta(hours=7)  # local midnight, 1 January
    first = int(start.timestamp() // 3600)
    hours = 365 * 24
    events = _events(rng, codes, agencies, wards, first, hours)
    inquiries: list[Inquiry] = []
    kinds, kind_p = list(KINDS), np.array(list(KINDS.values()))
    per_hour = DAILY_INQUIRIES / HOURLY.sum()
    for h in range(hours):
        local = start + timedelta(hours=h + 7)
        base = per_hour * HOURLY[local.hour] * day_factor(local.date(), vn_holidays)
        for _ in range(rng.poisson(base)):
            c = rng.choice(len(codes), p=mix)
            inquiries.append(Inquiry(f"q{len(inquiries)}", first + h, codes[c],
                                     wards[rng.choice(len(wards), p=ward_weights)], agencies[c],
                                     kinds[rng.choice(len(kinds), p=kind_p)]))
        for event in events:
            for _ in range(rng.poisson(event.rate(first + h))):
                kind = "press-question" if rng.random() < 0.3 else "feedback"
                inquiries.append(Inquiry(f"q{len(inquiries)}", first + h, event.category,
                                         event.ward, event.agency, kind))
    return inquiries, events


def _events(rng: np.random.Generator, codes: list[str], agencies: list[str], wards: list[str],
            first: int, hours: int) -> list[Event]:
    """About one event a week: a spread of shapes, sizes (extra/hour) and durations."""
    events: list[Event] = []
    slot = WARMUP_WEEKS * 168
    while slot < hours - 96:
        slot += int(rng.integers(100, 240))
        shape = SHAPES[len(events) % len(SHAPES)]
        c = int(rng.integers(len(codes)))
        duration = {"spike": int(rng.integers(3, 8)), "step": int(rng.integers(12, 49)),
                    "ramp": int(rng.integers(24, 73))}[shape]
        extra = float(rng.choice([0.5, 1.0, 2.0, 4.0])) * (2.0 if shape == "spike" else 1.0)
        events.append(Event(f"e{len(events)}", shape, codes[c], wards[int(rng.integers(len(wards)))],
                            agencies[c], first + slot, duration, extra))
    return [e for e in events if e.start + e.hours < first + hours]
