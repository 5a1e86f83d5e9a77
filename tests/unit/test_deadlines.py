"""Tests of the deadline policies: the data file, their selection, and when they fall due."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citycomm_common.calendar import load_calendar
from citycomm_common.config_files import ConfigError
from citycomm_routing.domain.deadline_policies import DeadlinePolicy, NoDeadlinePolicy, load_policies

CONFIG = Path(__file__).parents[2] / "config"
BOOK = load_policies(CONFIG / "deadline-policies.yaml")
CALENDAR = load_calendar(CONFIG / "calendar.yaml")
DAY_UNITS = {"calendar_days", "working_days"}


def at(text: str) -> datetime:
    """A moment in Ho Chi Minh City time; a bare date means 24:00 of that day."""
    if len(text) == 10:
        text += " 23:59:59.999999"
    return datetime.fromisoformat(f"{text}+07:00")


# policy id, start, due, due after the extension (None: no extension)
DUE_DATES = [
    ("media-alert-initial-2017", "2026-02-16 20:00", "2026-02-17 20:00", None),
    ("media-alert-initial-2017", "2026-04-30 09:00", "2026-05-01 09:00", None),
    ("media-alert-initial-2026", "2026-09-01 08:00", "2026-09-02 08:00", None),
    ("press-information-2017", "2026-02-11 10:00", "2026-02-25", None),
    ("press-information-2017", "2026-04-28 10:00", "2026-05-07", None),
    ("press-information-2026", "2026-08-27 10:00", "2026-09-08", None),
    ("press-information-2026", "2026-08-20 10:00", "2026-08-26", None),  # Sat 22 Aug works
    ("press-answer-on-press-2017", "2026-01-15 10:00", "2026-02-23", None),  # lands in Tết
    ("press-answer-on-press-2017", "2026-03-31 10:00", "2026-05-04", None),  # lands on 30/4
    ("press-answer-on-press-2026", "2026-08-03 10:00", "2026-09-03", None),  # lands on 2/9
    ("press-answer-on-press-2026", "2026-10-25 10:00", "2026-11-25", None),  # lands on 24/11
    ("press-petition-follow-up-2017", "2026-01-19 10:00", "2026-02-23", None),
    ("press-petition-follow-up-2026", "2026-08-17 10:00", "2026-09-09", None),
    ("briefing-question", "2026-02-12 15:00", "2026-02-26", None),
    ("briefing-question", "2026-01-08 15:00", "2026-01-14", None),  # Sat 10 Jan works
    ("information-in-person", "2026-02-09 09:00", "2026-03-02", "2026-03-16"),
    ("information-electronic-simple", "2026-04-28 09:00", "2026-05-05", None),
    ("information-electronic-complex-notice", "2025-12-31 09:00", "2026-01-07", None),
    ("information-electronic-complex", "2026-04-15 09:00", "2026-05-11", "2026-06-01"),
    ("information-post-simple", "2026-08-26 09:00", "2026-09-07", None),
    ("information-post-complex-notice", "2026-01-08 09:00", "2026-01-12", None),
    ("information-post-complex", "2026-02-02 09:00", "2026-03-02", "2026-03-23"),
    ("feedback-forward-outside-competence", "2026-11-20 09:00", "2026-11-30", None),
    ("feedback-1022-classify", "2026-02-17 23:58", "2026-02-18 00:03", None),
    ("feedback-1022-unclear-guidance", "2026-09-02 23:30", "2026-09-03 00:30", None),
    ("feedback-1022-ordered-task", "2026-04-29 16:00", "2026-05-04", None),
    ("feedback-1022-reply", "2026-08-19 09:00", "2026-09-04", None),
    ("feedback-1022-reply-multi-agency", "2026-02-05 09:00", "2026-03-05", None),
    ("spokesperson-authorisation-2017", "2026-04-29 20:00", "2026-04-30 08:00", None),
    ("spokesperson-authorisation-2026", "2026-08-31 18:00", "2026-09-01 06:00", None),
]


@pytest.mark.parametrize(("policy_id", "start", "due", "extended"), DUE_DATES)
def test_due_dates(policy_id: str, start: str, due: str, extended: str | None) -> None:
    policy = BOOK.get(policy_id)
    assert policy.due_at(at(start), CALENDAR) == at(due)
    expected = at(extended) if extended else None
    assert policy.extended_due_at(at(due), CALENDAR) == expected


def test_every_policy_has_a_due_date_case() -> None:
    assert {p.id for p in BOOK.policies} == {row[0] for row in DUE_DATES}


@pytest.mark.parametrize(
    ("kind", "moment", "attributes", "policy_id"),
    [
        ("media_alert", "2026-06-30 23:59", {}, "media-alert-initial-2017"),
        ("media_alert", "2026-07-01 00:00", {}, "media-alert-initial-2026"),
        ("press_request", "2026-06-30 12:00", {}, "press-information-2017"),
        ("press_request", "2026-07-01 12:00", {}, "press-information-2026"),
        (
            "press_request",
            "2026-06-30 12:00",
            {"answer_on_press": True},
            "press-answer-on-press-2017",
        ),
        (
            "press_request",
            "2026-07-01 12:00",
            {"answer_on_press": True},
            "press-answer-on-press-2026",
        ),
        (
            "press_request",
            "2026-06-30 12:00",
            {"petition_follow_up": True},
            "press-petition-follow-up-2017",
        ),
        (
            "press_request",
            "2026-07-01 12:00",
            {"petition_follow_up": True},
            "press-petition-follow-up-2026",
        ),
        ("spokesperson_authorisation", "2026-06-30 12:00", {}, "spokesperson-authorisation-2017"),
        ("spokesperson_authorisation", "2026-07-01 12:00", {}, "spokesperson-authorisation-2026"),
        ("briefing_question", "2026-02-12 15:00", {}, "briefing-question"),
        (
            "information_request",
            "2026-07-01 12:00",
            {"channel": "in_person"},
            "information-in-person",
        ),
        (
            "information_request",
            "2026-07-01 12:00",
            {"channel": "in_person", "complexity": "complex"},
            "information-in-person",
        ),
        (
            "information_request",
            "2026-02-12 12:00",
            {"channel": "electronic"},
            "information-electronic-simple",
        ),
        (
            "information_request",
            "2026-02-12 12:00",
            {"channel": "post", "complexity": "complex", "stage": "notice"},
            "information-post-complex-notice",
        ),
        ("citizen_feedback", "2026-02-12 12:00", {}, "feedback-1022-reply"),
        (
            "citizen_feedback",
            "2026-02-12 12:00",
            {"multi_agency": True},
            "feedback-1022-reply-multi-agency",
        ),
        ("citizen_feedback", "2026-02-12 12:00", {"stage": "classify"}, "feedback-1022-classify"),
        (
            "citizen_feedback",
            "2026-02-12 12:00",
            {"stage": "forward"},
            "feedback-forward-outside-competence",
        ),
        (
            "citizen_feedback",
            "2026-02-12 12:00",
            {"stage": "unclear"},
            "feedback-1022-unclear-guidance",
        ),
        (
            "citizen_feedback",
            "2026-02-12 12:00",
            {"stage": "ordered"},
            "feedback-1022-ordered-task",
        ),
    ],
)
def test_selects_the_policy_in_force(
    kind: str, moment: str, attributes: dict[str, str | bool], policy_id: str
) -> None:
    assert BOOK.select(kind, at(moment), **attributes).id == policy_id


def test_the_effective_day_is_the_day_in_city_time() -> None:
    first_of_july_in_the_city = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)
    assert BOOK.select("media_alert", first_of_july_in_the_city).id == "media-alert-initial-2026"
    assert BOOK.select("media_alert", first_of_july_in_the_city.replace(minute=0, hour=16)).id == (
        "media-alert-initial-2017"
    )


def test_the_2026_media_alert_counts_from_receipt_not_the_event() -> None:
    assert BOOK.get("media-alert-initial-2017").starts_from == "event"
    assert BOOK.get("media-alert-initial-2026").starts_from == "receipt"


@pytest.mark.parametrize(
    ("kind", "attributes", "problem"),
    [
        ("information_request", {}, "needs channel"),
        ("information_request", {"channel": "fax"}, "needs channel"),
        ("information_request", {"channel": "in_person", "stage": "notice"}, "no deadline policy"),
        ("press_request", {"urgent": True}, "no attribute 'urgent'"),
        ("press_request", {"answer_on_press": True, "petition_follow_up": True}, "several"),
        ("press_release", {}, "no deadline policy"),
    ],
)
def test_a_clear_error_when_no_single_policy_fits(
    kind: str, attributes: dict[str, str | bool], problem: str
) -> None:
    with pytest.raises(NoDeadlinePolicy, match=problem):
        BOOK.select(kind, at("2026-07-01 12:00"), **attributes)


def test_selection_needs_an_aware_moment_and_get_a_known_id() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        BOOK.select("media_alert", datetime(2026, 7, 1, 12))
    with pytest.raises(NoDeadlinePolicy, match="no deadline policy with id"):
        BOOK.get("no-such-policy")


def test_an_extension_is_granted_only_once() -> None:
    policy = BOOK.get("information-in-person")
    due = policy.due_at(at("2026-02-09 09:00"), CALENDAR)
    extended = policy.extended_due_at(due, CALENDAR)
    assert extended is not None and extended > due
    assert policy.extended_due_at(extended, CALENDAR, times_extended=1) is None


POLICY_HEADER = """
attributes:
  press_request:
    answer_on_press: {values: [false, true], default: false}
policies:
"""


@pytest.mark.parametrize(
    ("policies", "problem"),
    [
        (
            "  - {id: a, kind: press_request, amount: 0, unit: working_days,"
            " legal_basis: x, confidence: high}\n",
            r":6:42: policies\[0\]\.amount: Input should be greater than 0$",
        ),
        (
            "  - {id: a, kind: press_request, amount: 1, unit: fortnights,"
            " legal_basis: x, confidence: high}\n",
            r":6:51: policies\[0\]\.unit: Input should be 'minutes'",
        ),
        (
            "  - {id: a, kind: press_request, when: {urgent: true}, amount: 1, unit: minutes,"
            " legal_basis: x, confidence: high}\n",
            r":6:3: policies: Value error, policy a: urgent=True is not declared",
        ),
        (
            "  - {id: a, kind: press_request, amount: 1, unit: minutes, legal_basis: x,"
            " confidence: high, effective: {until: 2026-06-30}}\n"
            "  - {id: b, kind: press_request, amount: 1, unit: minutes, legal_basis: x,"
            " confidence: high, effective: {from: 2026-06-30}}\n",
            "policies a and b overlap in time",
        ),
        (
            "  - {id: a, kind: press_request, amount: 1, unit: minutes, legal_basis: x,"
            " confidence: high, effective: {until: 2026-06-30}}\n"
            "  - {id: a, kind: press_request, amount: 1, unit: minutes, legal_basis: x,"
            " confidence: high, effective: {from: 2026-07-01}}\n",
            "policy id a is used twice",
        ),
        (
            "  - {id: a, kind: press_request, amount: 1, unit: minutes, legal_basis: x,"
            " confidence: high, effective: {from: 2026-07-01, until: 2026-06-30}}\n",
            r"policies\[0\]\.effective: Value error, from must not be after until",
        ),
    ],
)
def test_a_bad_policy_file_is_refused_with_its_line(
    tmp_path: Path, policies: str, problem: str
) -> None:
    path = tmp_path / "deadline-policies.yaml"
    path.write_text(POLICY_HEADER + policies)
    with pytest.raises(ConfigError, match=problem):
        load_policies(path)


starts = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 1, 31)).map(
    lambda naive: naive.replace(tzinfo=CALENDAR.zone)
)
policies = st.sampled_from(BOOK.policies)


@given(policies, starts, starts)
def test_due_at_is_monotonic_in_the_start(
    policy: DeadlinePolicy, first: datetime, second: datetime
) -> None:
    earlier, later = sorted((first, second))
    assert policy.due_at(earlier, CALENDAR) <= policy.due_at(later, CALENDAR)


@given(policies, starts)
def test_day_based_deadlines_fall_on_working_days(policy: DeadlinePolicy, start: datetime) -> None:
    due = policy.due_at(start, CALENDAR)
    assert due > start
    if policy.unit in DAY_UNITS:
        assert CALENDAR.is_working_day(due.date())
        extended = policy.extended_due_at(due, CALENDAR)
        assert extended is None or CALENDAR.is_working_day(extended.date())


@given(policies, starts)
def test_extension_comes_after_the_due_date_and_only_once(
    policy: DeadlinePolicy, start: datetime
) -> None:
    due = policy.due_at(start, CALENDAR)
    extended = policy.extended_due_at(due, CALENDAR)
    assert (extended is None) == (policy.extension is None)
    assert extended is None or extended > due
    assert policy.extended_due_at(due, CALENDAR, times_extended=1) is None
