"""Routing rules: the default rule book, each kind of condition, priorities, explain and load errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.config_files import ConfigError
from citycomm_routing import bootstrap
from citycomm_routing.domain.router import UNCLEAR, Router
from citycomm_routing.domain.rules import References, load_rules
from tests.support import routing_fakes

DAY = date(2026, 11, 26)
PRESS_CENTER = common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="trung-tam-bao-chi")
TUOI_TRE = common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre")


@pytest.fixture(scope="module")
def container() -> bootstrap.Container:
    return routing_fakes.container()


def inquiry(kind: int = common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, **fields: object
            ) -> commands_pb2.SubmitInquiry:
    return commands_pb2.SubmitInquiry(kind=kind, **fields)  # type: ignore[arg-type]


def test_ward_level_matters_go_to_the_wards_peoples_committee(container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(category="noise", ward_code="26740"), DAY)
    assert (decision.agency_id, decision.rule_id) == ("ubnd-26740", "ward-level")
    assert "noise is a ward-level matter" in decision.reason


def test_city_wide_matters_go_to_the_categorys_department(container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(category="health", ward_code="26740"), DAY)
    assert (decision.agency_id, decision.rule_id) == ("so-y-te", "city-level")


def test_a_ward_level_matter_without_a_ward_goes_to_the_department(
        container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(category="noise"), DAY)
    assert decision.agency_id == "so-nong-nghiep-moi-truong"


def test_keywords_match_without_accents_and_name_co_handling_agencies(
        container: bootstrap.Container) -> None:
    decision = container.context.router.route(
        inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST, title="Vu NGO DOC o truong hoc"), DAY)
    assert decision.rule_id == "food-poisoning"
    assert decision.agency_id == "so-an-toan-thuc-pham"
    assert decision.co_handling == ("so-y-te",)
    assert "'ngo doc'" in decision.reason


def test_keywords_match_whole_words_only(container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(title="ngộ độcx", category="health"), DAY)
    assert decision.rule_id == "city-level"


def test_a_category_is_recognised_by_its_keywords(container: bootstrap.Container) -> None:
    decision = container.context.router.route(
        inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST, description="Ổ gà trên mặt đường",
                ward_code="26740"), DAY)
    assert decision.agency_id == "ubnd-26740"
    assert "recognised by the keyword" in decision.reason


def test_briefing_questions_on_ward_matters_go_to_the_department_with_the_ward(
        container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(common_pb2.INQUIRY_KIND_BRIEFING_QUESTION,
                                         category="noise", ward_code="26740",
                                         submitted_by=PRESS_CENTER), DAY)
    assert decision.rule_id == "briefing-sector-department"
    assert (decision.agency_id, decision.co_handling) == ("so-nong-nghiep-moi-truong",
                                                          ("ubnd-26740",))


def test_a_named_agency_wins_unless_it_cannot_answer(container: bootstrap.Container) -> None:
    named = container.context.router.route(inquiry(category="noise", ward_code="26740",
                                      target_agency_id="so-y-te"), DAY)
    assert (named.agency_id, named.rule_id) == ("so-y-te", "named-agency")
    press = container.context.router.route(inquiry(category="noise", ward_code="26740",
                                      target_agency_id="bao-tuoi-tre"), DAY)
    assert press.rule_id == "ward-level"


def test_nothing_matching_goes_to_the_coordinator_with_the_guidance_policy(
        container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST,
                                         title="Câu hỏi chung"), DAY)
    assert decision.agency_id == container.directory.current.coordinator
    assert (decision.rule_id, decision.policy_id) == (UNCLEAR, "feedback-1022-unclear-guidance")


def test_agencies_that_declined_are_skipped(container: bootstrap.Container) -> None:
    decision = container.context.router.route(inquiry(category="noise", ward_code="26740"), DAY,
                                 excluded={"ubnd-26740"})
    assert (decision.agency_id, decision.rule_id) == ("so-nong-nghiep-moi-truong",
                                                      "ward-level-without-ward")


def test_explain_lists_every_rule_tried_with_why(container: bootstrap.Container) -> None:
    decision, trace = container.context.router.explain(inquiry(category="noise", ward_code="26740"), DAY)
    assert [t.rule_id for t in trace][-1] == decision.rule_id == "ward-level"
    assert [t.matched for t in trace] == [False] * (len(trace) - 1) + [True]
    assert "citizen_feedback is not one of ['briefing_question']" in trace[2].why


RULES_WITH_PRESS_AND_WARD = """\
unmatched: {lead: coordinator}
refusal_grounds: {state-secret: {description: d, legal_basis: b}}
rules:
  - id: tuoi-tre-con-dao
    description: a test rule
    priority: 5
    match: {submitted_by: [bao-tuoi-tre], wards: ['26737']}
    assign: {lead: so-du-lich}
  - id: low
    description: matches everything, but later
    assign: {lead: so-tu-phap}
"""


def _router(container: bootstrap.Container, tmp_path: Path, text: str) -> Router:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    references = References(container.directory.current, container.categories,
                            frozenset(p.id for p in container.policies.policies))
    return Router(container.directory.current, container.categories, load_rules(path, references))


def test_rules_match_on_submitter_and_ward_by_priority(container: bootstrap.Container,
                                                       tmp_path: Path) -> None:
    router = _router(container, tmp_path, RULES_WITH_PRESS_AND_WARD)
    assert router.route(inquiry(submitted_by=TUOI_TRE, ward_code="26737"), DAY).agency_id == "so-du-lich"
    assert router.route(inquiry(submitted_by=TUOI_TRE, ward_code="26740"), DAY).agency_id == "so-tu-phap"


@pytest.mark.parametrize(("bad", "line", "message"), [
    ("{lead: so-khong-co}", 8, "no agency 'so-khong-co'"),
    ("{lead: bao-tuoi-tre}", 8, "it asks, it does not answer"),
    ("{lead: ward, policy: no-such-policy}", 8, "no deadline policy 'no-such-policy'"),
    ("{lead: ward, co_handling: [ward]}", 8, "must all be different"),
])
def test_load_errors_name_the_file_and_line(container: bootstrap.Container, tmp_path: Path,
                                            bad: str, line: int, message: str) -> None:
    text = RULES_WITH_PRESS_AND_WARD.replace("{lead: so-du-lich}", bad)
    with pytest.raises(ConfigError) as error:
        _router(container, tmp_path, text)
    assert f"rules.yaml:{line}:" in str(error.value) and message in str(error.value)


def test_an_unknown_category_in_a_rule_is_reported(container: bootstrap.Container,
                                                   tmp_path: Path) -> None:
    text = RULES_WITH_PRESS_AND_WARD.replace("wards: ['26737']", "categories: [nope]")
    with pytest.raises(ConfigError, match=r"rules.yaml:7:.*no category 'nope'"):
        _router(container, tmp_path, text)


def test_the_default_rule_book_loads_with_its_references() -> None:
    rules = bootstrap.build(routing_fakes.settings()).rules
    assert rules.max_transfers >= 1 and "state-secret" in rules.refusal_grounds
