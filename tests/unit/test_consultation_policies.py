"""Tests of the consultation policies: the data file, which policy applies on which day, and when a
comment period may close and a response falls due."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from citycomm_common.calendar import load_calendar
from citycomm_common.config_files import ConfigError
from citycomm_routing.domain.consultation_policies import (
    NoConsultationPolicy,
    load_consultation_policies,
)

CONFIG = Path(__file__).parents[2] / "config"
BOOK = load_consultation_policies(CONFIG / "consultation-policies.yaml")
CALENDAR = load_calendar(CONFIG / "calendar.yaml")


def at(text: str) -> datetime:
    """A moment in Ho Chi Minh City time; a bare date means 24:00 of that day."""
    if len(text) == 10:
        text += " 23:59:59.999999"
    return datetime.fromisoformat(f"{text}+07:00")


# level, the moment the consultation opens, the policy in force, its minimum days
SELECTIONS = [
    ("city", "2016-07-01 00:00", "consultation-city-2016", 30),
    ("city", "2025-03-31 23:59", "consultation-city-2016", 30),  # last day of the 2015 law
    ("city", "2025-04-01 00:00", "consultation-city-2025", 20),  # Law 64/2025 in force
    ("national", "2024-12-10 09:00", "consultation-national-2016", 60),
    ("national", "2025-07-01 09:00", "consultation-national-2025", 20),  # 87/2025 keeps 20
    ("city", "2026-12-04 09:00", "consultation-city-2025", 20),
]


@pytest.mark.parametrize(("level", "opens", "policy_id", "days"), SELECTIONS)
def test_the_policy_in_force_on_the_opening_day_applies(level: str, opens: str, policy_id: str,
                                                        days: int) -> None:
    policy = BOOK.select(level, at(opens))
    assert (policy.id, policy.comment_period.minimum.amount) == (policy_id, days)


def test_the_day_is_the_citys_not_utcs() -> None:
    # 17:30 UTC on 31 March 2025 is already 1 April in Ho Chi Minh City
    assert BOOK.select("city", datetime(2025, 3, 31, 17, 30, tzinfo=UTC)).id == "consultation-city-2025"
    assert BOOK.select("city", datetime(2025, 3, 31, 16, 59, tzinfo=UTC)).id == "consultation-city-2016"


def test_no_policy_before_the_2015_law_took_effect() -> None:
    with pytest.raises(NoConsultationPolicy, match="2016-06-30"):
        BOOK.select("city", at("2016-06-30 12:00"))


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        BOOK.select("city", datetime(2026, 1, 5, 9, 0))


# level, opened, earliest close (Civil Code counting, moved off days off), response due
# (10 working days after closing at the earliest close)
PERIODS = [
    ("city", "2026-03-02 10:00", "2026-03-23", "2026-04-06"),  # day 20 is Sunday 22 March
    ("city", "2026-01-26 09:00", "2026-02-23", "2026-03-09"),  # day 20 falls in Tết
    ("city", "2026-04-10 09:00", "2026-05-04", "2026-05-18"),  # day 20 is 30 April
    ("city", "2025-01-20 10:00", "2025-02-19", "2025-03-05"),  # 30 days under the 2015 law
    ("national", "2024-12-10 09:00", "2025-02-10", "2025-02-24"),  # 60 days
]


@pytest.mark.parametrize(("level", "opens", "earliest", "due"), PERIODS)
def test_earliest_close_and_response_due(level: str, opens: str, earliest: str, due: str) -> None:
    policy = BOOK.select(level, at(opens))
    closes = policy.earliest_close(at(opens), CALENDAR)
    assert closes == at(earliest)
    assert policy.response_due(closes, CALENDAR) == at(due)


@pytest.mark.parametrize(("opens", "large", "required"), [
    ("2022-03-29 12:00", True, False),  # before Decision 407
    ("2022-03-30 00:00", True, True),
    ("2026-12-04 09:00", True, True),
    ("2026-12-04 09:00", False, False),
    ("2028-01-01 09:00", True, False),  # the 2022-2027 scheme has ended
])
def test_decision_407_makes_the_press_an_audience_of_large_impact_drafts(
        opens: str, large: bool, required: bool) -> None:
    scheme = BOOK.press_required(at(opens), large_impact=large)
    assert (scheme is not None) == required
    assert scheme is None or scheme.id == "policy-communication-407-2022"


def test_every_rule_names_its_legal_basis_and_says_when_the_city_set_the_figure() -> None:
    for policy in BOOK.policies:
        for rule in (policy.comment_period, policy.response):
            assert all(basis.url.startswith("https://") for basis in rule.legal_basis), policy.id
            if rule.configured:
                assert rule.confidence == "low" and "configurable" in rule.note, policy.id
        assert not policy.comment_period.configured, f"{policy.id}: the period is the law's"
        assert policy.response.configured, f"{policy.id}: no law sets the response's days"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policies.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULE = """
      legal_basis: [{document: "Law", article: "1", url: "https://example.org/law"}]
      confidence: high"""


def _policy(policy_id: str, since: str, url: str = "https://example.org/law") -> str:
    return f"""
  - id: {policy_id}
    level: city
    effective: {{from: {since}}}
    comment_period:
      minimum: {{amount: 20, unit: calendar_days}}{RULE.replace("https://example.org/law", url)}
    response:
      due_after_close: {{amount: 10, unit: working_days}}{RULE}"""


def test_overlapping_policies_for_one_level_are_refused(tmp_path: Path) -> None:
    text = "policies:" + _policy("a", "2025-04-01") + _policy("b", "2026-01-01")
    with pytest.raises(ConfigError, match="overlap"):
        load_consultation_policies(_write(tmp_path, text))


def test_a_legal_basis_without_a_link_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="url"):
        load_consultation_policies(_write(tmp_path, "policies:" + _policy("a", "2025-04-01", "see the law")))
