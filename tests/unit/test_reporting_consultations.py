"""Reporting's read model of consultations (issue 20, decision 0108): the fold, the comment rows."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta

from citycomm_common.clock import FakeClock
from citycomm_reporting.adapters.schema import consultation_comments
from citycomm_reporting.domain.consultation_reports import (
    across_agencies,
    briefing_consultations,
    period_days,
    response_state,
)
from citycomm_reporting.domain.consultations import comment_of, fold_consultation, open_now
from citycomm_reporting.domain.periods import Period
from tests.support.consultation_scenario import consultation_facts
from tests.support.reporting_scenario import AGENCY_A, AGENCY_B, NOW, at, end_of


def of(consultation_id: str):  # type: ignore[no-untyped-def]
    return [f for f in consultation_facts() if f.inquiry_id == consultation_id]


def test_a_consultation_folds_to_its_state_whatever_the_order() -> None:
    facts = of("c1")
    orders = [facts, facts[::-1], *(random.Random(seed).sample(facts, len(facts)) for seed in range(20))]
    rows = [fold_consultation(order) for order in orders]
    assert all(row == rows[0] for row in rows)
    row = rows[0]
    assert row is not None
    assert (row["title"], row["drafting_agency_id"], row["status"], row["audiences"]) == (
        "Quản lý và sử dụng vỉa hè", AGENCY_A, "responded", ["press", "public"])  # the changed title
    assert (row["opens_at"], row["closes_at"], row["closed_at"]) == (
        at(2026, 5, 4, 8), end_of(2026, 5, 15), at(2026, 5, 16))
    assert (row["response_due_at"], row["response_published_at"], row["response_on_time"]) == (
        end_of(2026, 5, 29), at(2026, 5, 19, 10), True)
    assert (row["comments"], row["comments_refused"]) == (4, 1)


def test_a_closed_consultation_not_yet_answered_and_an_open_one() -> None:
    closed = fold_consultation([f for f in of("c1") if f.type != "ConsultationResponsePublished"])
    opened = fold_consultation(of("c2"))
    assert closed is not None and opened is not None
    assert (closed["status"], closed.get("response_published_at"), closed.get("response_on_time")) == (
        "closed", None, None)
    assert (opened["status"], opened["comments"]) == ("open", 1)
    assert open_now(opened, NOW) and not open_now(closed, NOW)
    assert not open_now(opened, at(2026, 5, 18, 7))  # announced, not yet taking comments
    assert not open_now(opened, at(2026, 6, 11))  # past its close, before routing closes it


def test_a_comment_alone_folds_to_nothing_but_a_count_and_other_events_to_nothing() -> None:
    comments = [f for f in of("c1") if f.type == "ConsultationCommentReceived"]
    row = fold_consultation(comments[:1])
    assert row is not None and (row["status"], row["comments"]) == ("open", 1)
    assert fold_consultation([]) is None


def test_a_comment_is_counted_by_audience_article_theme_and_city_day_without_who_or_what() -> None:
    rows = [c for f in consultation_facts() if (c := comment_of(f)) is not None]
    assert [(c["comment_id"], c["audience"], c["article"], c["theme"], c["received_day"]) for c in rows] == [
        ("k1", "press", "Điều 5", "vỉa hè", "2026-05-05"),
        ("k2", "public", "Điều 5", "", "2026-05-05"),  # 23:30 in the city is still the 5th
        ("k3", "public", "Điều 7", "", "2026-05-07"),
        ("k4", "organisations", "", "phí", "2026-05-12"),
        ("k5", "press", "Điều 2", "", "2026-05-19")]
    # Decision 0008: never the commenter's contact, nor who it was or what they wrote.
    kept = {c.name for c in consultation_comments.columns}
    assert kept == set(rows[0]) == {"comment_id", "consultation_id", "drafting_agency_id", "audience",
                                    "submitter_role", "article", "theme", "received_at", "received_day"}
    assert all("contact" not in f.data for f in consultation_facts())


def test_every_order_of_a_small_history_is_the_same() -> None:
    facts = [f for f in of("c1") if f.type in ("ConsultationOpened", "ConsultationClosed",
                                                "ConsultationResponsePublished", "ConsultationChanged")]
    states = {str(sorted((fold_consultation(p) or {}).items())) for p in itertools.permutations(facts)}
    assert len(states) == 1


def test_the_report_figures_with_a_controlled_clock() -> None:
    c1, c2 = fold_consultation(of("c1")), fold_consultation(of("c2"))
    unanswered = fold_consultation([f for f in of("c1") if f.type != "ConsultationResponsePublished"])
    assert c1 is not None and c2 is not None and unanswered is not None
    clock = FakeClock(NOW)
    assert (period_days(c1), period_days(c2)) == (11, 23)  # 5→15 May; 18 May → 10 June
    assert (response_state(c1, clock.now()), response_state(c2, clock.now())) == ("on_time", "not_due")
    assert response_state(unanswered, clock.now()) == "due"  # due 29 May
    clock.set(at(2026, 5, 30))
    assert response_state(unanswered, clock.now()) == "overdue"
    late = {**c1, "response_on_time": False}
    assert response_state(late, clock.now()) == "late"
    report = across_agencies([c1, c2, {**unanswered, "consultation_id": "c3"}],
                             Period("month", at(2026, 5, 1), at(2026, 6, 1), "2026-05"), clock.now())
    assert report["summary"] == {"drafts": 3, "comments": 9, "answered": 1, "on_time": 1, "overdue": 1}
    assert [(g["agency_id"], g["drafts"], g["average_days"], g["answered"], g["overdue"])
            for g in report["by_agency"]] == [(AGENCY_A, 2, 11.0, 1, 1), (AGENCY_B, 1, 23.0, 0, 0)]


def test_the_weekly_briefing_sees_what_opened_closed_and_was_answered_in_its_week() -> None:
    c1, c2 = fold_consultation(of("c1")), fold_consultation(of("c2"))
    assert c1 is not None and c2 is not None

    def week(start: datetime) -> dict[str, list[str]]:
        found = briefing_consultations([c1, c2], Period("range", start, start + timedelta(days=7), ""), NOW)
        return {name: [line["consultation_id"] for line in lines] for name, lines in found.items()}

    assert week(at(2026, 5, 4)) == {"opened": ["c1"], "closing": [], "answered": []}
    assert week(at(2026, 5, 11)) == {"opened": [], "closing": ["c1"], "answered": []}  # closed 16 May
    assert week(at(2026, 5, 25)) == {"opened": [], "closing": [], "answered": []}
    assert week(at(2026, 5, 18)) == {"opened": ["c2"], "closing": [], "answered": ["c1"]}
    # Still open: closing as announced.
    assert week(at(2026, 6, 8)) == {"opened": [], "closing": ["c2"], "answered": []}
