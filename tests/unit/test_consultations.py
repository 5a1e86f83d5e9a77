"""Tests of a consultation's lifecycle: opened against the policy in force, changed, closed, answered;
comments refused outside the open period with a reason in Vietnamese and English."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from citycomm_common.calendar import load_calendar
from citycomm_routing.domain.consultation_policies import load_consultation_policies
from citycomm_routing.domain.consultations import (
    ConsultationRefused,
    Draft,
    accept_comment,
    authorise,
    change,
    close,
    open_consultation,
    publish_response,
)

CONFIG = Path(__file__).parents[2] / "config"
BOOK = load_consultation_policies(CONFIG / "consultation-policies.yaml")
CALENDAR = load_calendar(CONFIG / "calendar.yaml")


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


DRAFT = Draft(
    title="Dự thảo quy định về vỉa hè", summary="Thu phí sử dụng tạm thời vỉa hè",
    drafting_agency="so-xay-dung", level="city",
    opens_at=at("2026-03-02 10:00"), closes_at=at("2026-03-23 23:59"),
    audiences=frozenset({"press", "public"}), documents=("https://example.org/du-thao.pdf",),
    large_impact=True,
)


class _Refusal:
    """pytest.raises that also checks the refusal's code and status and that it speaks both languages."""

    def __init__(self, code: str, status: int) -> None:
        self.code, self.status = code, status
        self.raises = pytest.raises(ConsultationRefused)

    def __enter__(self) -> None:
        self.info = self.raises.__enter__()

    def __exit__(self, *exc: object) -> bool:
        handled = self.raises.__exit__(*exc)  # type: ignore[arg-type]
        error = self.info.value
        assert (error.code, error.status) == (self.code, self.status)
        assert error.detail_vi and error.detail and error.detail_vi != error.detail
        return bool(handled)


def test_a_draft_open_for_the_legal_minimum_is_opened_under_the_policy_in_force() -> None:
    consultation = open_consultation("c-1", DRAFT, BOOK, CALENDAR)
    assert (consultation.state, consultation.policy_id) == ("open", "consultation-city-2025")


@pytest.mark.parametrize(("changes", "code"), [
    ({"closes_at": at("2026-03-22 23:59")}, "period_too_short"),  # day 20 is a Sunday: Monday
    ({"opens_at": at("2025-03-31 10:00"), "closes_at": at("2025-04-25 23:59")}, "period_too_short"),
    ({"audiences": frozenset({"public"})}, "press_required"),  # large impact, Decision 407
    ({"audiences": frozenset({"public", "organisations"}), "large_impact": False}, "organisations"),
    ({"audiences": frozenset({"bloggers"})}, "audiences"),
    ({"documents": ("ftp://example.org/x",)}, "documents"),
    ({"title": "  "}, "incomplete"),
])
def test_a_draft_the_law_does_not_allow_is_refused(changes: dict[str, object], code: str) -> None:
    with _Refusal(code, 422):
        open_consultation("c-1", dataclasses.replace(DRAFT, **changes), BOOK, CALENDAR)  # type: ignore[arg-type]


def test_the_2015_law_asked_30_days() -> None:
    draft = dataclasses.replace(DRAFT, opens_at=at("2025-03-03 10:00"), closes_at=at("2025-04-02 23:59"))
    assert open_consultation("c-1", draft, BOOK, CALENDAR).policy_id == "consultation-city-2016"


def test_an_open_consultation_can_be_extended_but_not_moved_to_another_agency() -> None:
    consultation = open_consultation("c-1", DRAFT, BOOK, CALENDAR)
    longer_draft = dataclasses.replace(DRAFT, closes_at=at("2026-04-10 23:59"))
    longer = change(consultation, longer_draft, BOOK, CALENDAR)
    assert longer.draft.closes_at == at("2026-04-10 23:59")
    with _Refusal("fixed_fields", 422):
        change(consultation, dataclasses.replace(DRAFT, drafting_agency="so-tai-chinh"), BOOK, CALENDAR)
    with _Refusal("period_too_short", 422):
        change(consultation, dataclasses.replace(DRAFT, closes_at=at("2026-03-10 23:59")), BOOK, CALENDAR)


def test_comments_are_accepted_only_while_open() -> None:
    consultation = open_consultation("c-1", DRAFT, BOOK, CALENDAR)
    accept_comment(consultation, at("2026-03-02 10:00"), "public")
    accept_comment(consultation, at("2026-03-23 23:59"), "press")
    with _Refusal("not_yet_open", 409):
        accept_comment(consultation, at("2026-03-02 09:59"), "public")
    with _Refusal("closed", 409):
        accept_comment(consultation, at("2026-03-24 00:00"), "public")
    closed = close(consultation, at("2026-03-24 08:00"), BOOK, CALENDAR)
    with pytest.raises(ConsultationRefused) as refusal:
        accept_comment(closed, at("2026-03-24 08:01"), "public")
    assert "đã kết thúc lúc 23:59 23/03/2026" in refusal.value.detail_vi
    assert "closed at 2026-03-23 23:59 (UTC+7)" in refusal.value.detail


def test_closing_makes_the_response_due_and_publishing_says_whether_it_was_on_time() -> None:
    consultation = open_consultation("c-1", DRAFT, BOOK, CALENDAR)
    with _Refusal("too_early", 409):
        close(consultation, at("2026-03-20 10:00"), BOOK, CALENDAR)
    with _Refusal("not_closed", 409):
        publish_response(consultation, at("2026-03-20 10:00"), "https://example.org/tiep-thu.pdf")
    closed = close(consultation, at("2026-03-24 08:00"), BOOK, CALENDAR)
    assert closed.response_due_at == at("2026-04-07 23:59:59.999999")  # 10 working days
    with _Refusal("not_open", 409):
        close(closed, at("2026-03-25 08:00"), BOOK, CALENDAR)
    with _Refusal("response_url", 422):
        publish_response(closed, at("2026-04-01 10:00"), "tiep-thu.pdf")
    assert closed.response_on_time is None
    on_time = publish_response(closed, at("2026-04-07 17:00"), "https://example.org/tiep-thu.pdf")
    late = publish_response(closed, at("2026-04-08 08:00"), "https://example.org/tiep-thu.pdf")
    assert (on_time.state, on_time.response_on_time, late.response_on_time) == ("responded", True, False)
    with _Refusal("not_closed", 409):
        publish_response(on_time, at("2026-04-09 08:00"), "https://example.org/again.pdf")


def test_only_asked_audiences_comment() -> None:
    with _Refusal("audience_not_asked", 403):
        consultation = open_consultation("c-1", DRAFT, BOOK, CALENDAR)
        accept_comment(consultation, at("2026-03-03 10:00"), "organisations")


@pytest.mark.parametrize(("role", "party", "allowed"), [
    ("agency", "so-xay-dung", True), ("operator", "", True), ("system", "", True),
    ("agency", "so-tai-chinh", False), ("press_center", "trung-tam-bao-chi", False), ("other", "", False),
])
def test_only_the_drafting_agency_or_the_city_office_acts_on_a_consultation(
        role: str, party: str, allowed: bool) -> None:
    if allowed:
        authorise("so-xay-dung", role, party)
    else:
        with _Refusal("not_drafting_agency", 403):
            authorise("so-xay-dung", role, party)
