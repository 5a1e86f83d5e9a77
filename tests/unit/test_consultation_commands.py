"""Routing's consultation commands end to end in the service layer: the contract's messages in, the
record kept as the faust table keeps it, the events out (refusals too), and a redelivered command
repeating its events with the same ids."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.calendar import load_calendar
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_routing.adapters.consultation_table import ConsultationTable
from citycomm_routing.domain.consultation_policies import load_consultation_policies
from citycomm_routing.service_layer.consultation_commands import ConsultationCommands

CONFIG = Path(__file__).parents[2] / "config"
AGENCY = common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id="so-xay-dung")
PRESS = common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="press-center")


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"{text}+07:00")


def draft(closes: str = "2026-03-23 23:59") -> pb.ConsultationDraft:
    return pb.ConsultationDraft(
        title="Dự thảo quy định về vỉa hè", summary="Thu phí vỉa hè", drafting_agency_id="so-xay-dung",
        level=pb.DOCUMENT_LEVEL_CITY, opens_time=to_timestamp(at("2026-03-02 10:00")),
        closes_time=to_timestamp(at(closes)), large_impact=True,
        audiences=[pb.CONSULTATION_AUDIENCE_PRESS, pb.CONSULTATION_AUDIENCE_PUBLIC],
        document_links=["https://example.org/du-thao.pdf"])


class World:
    def __init__(self) -> None:
        self.table: dict[bytes, bytes] = {}
        self.clock = FakeClock(at("2026-03-02 10:00"))
        self.commands = ConsultationCommands(
            ConsultationTable(self.table), load_consultation_policies(CONFIG / "consultation-policies.yaml"),
            load_calendar(CONFIG / "calendar.yaml"), self.clock.now)

    def send(self, command: Message, when: str | None = None) -> list[tuple[str, Message]]:
        if when is not None:
            self.clock.set(at(when))
        handled = self.commands.handle("c-1", command)
        assert handled.dead_letter is None
        events: list[tuple[str, Message]] = handled.events
        return events

    def state(self) -> pb.ConsultationState:
        return ConsultationTable(self.table).get("c-1") or pb.ConsultationState()


def comment(number: int, audience: int = pb.CONSULTATION_AUDIENCE_PUBLIC) -> pb.SubmitConsultationComment:
    return pb.SubmitConsultationComment(
        command_id=f"cm-{number}", consultation_id="c-1", comment_id=f"k-{number}", submitted_by=PRESS,
        audience=audience, article="Điều 5", theme="phí", text="Mức phí quá cao")  # type: ignore[arg-type]


def test_a_consultation_from_opening_to_its_response() -> None:
    world = World()
    [(event_id, opened)] = world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1",
                                                          actor=AGENCY, draft=draft()))
    assert isinstance(opened, pb.ConsultationOpened) and opened.policy_id == "consultation-city-2025"
    assert from_timestamp(opened.response_due_time) == at("2026-04-06 23:59:59.999999")
    assert world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY,
                                          draft=draft())) == [(event_id, opened)]  # redelivered

    [(_, received)] = world.send(comment(1), "2026-03-10 09:00")
    assert isinstance(received, pb.ConsultationCommentReceived)
    assert received.drafting_agency_id == "so-xay-dung" and received.article == "Điều 5"
    [(_, changed)] = world.send(pb.ChangeConsultation(command_id="ch-1", consultation_id="c-1",
                                                      actor=AGENCY, draft=draft("2026-03-25 23:59")))
    assert isinstance(changed, pb.ConsultationChanged)

    [(_, closed)] = world.send(pb.CloseConsultation(command_id="cl-1", consultation_id="c-1", actor=AGENCY),
                               "2026-03-26 00:00")
    assert isinstance(closed, pb.ConsultationClosed) and closed.comments == 1
    assert from_timestamp(closed.response_due_time) == at("2026-04-09 23:59:59.999999")

    [(_, late)] = world.send(comment(2), "2026-03-26 08:00")
    assert isinstance(late, pb.ConsultationCommandRefused)
    assert (late.code, late.status, late.comment_id) == ("closed", 409, "k-2")
    assert "không nhận góp ý" in late.detail_vi and "no more comments" in late.detail
    assert world.state().comments == 1

    [(_, published)] = world.send(pb.PublishConsultationResponse(
        command_id="p-1", consultation_id="c-1", actor=AGENCY,
        response_url="https://example.org/tiep-thu.pdf"), "2026-04-08 10:00")
    assert isinstance(published, pb.ConsultationResponsePublished) and published.on_time
    assert world.state().state == "responded"


def test_refusals_change_nothing_and_say_why() -> None:
    world = World()
    [(_, refused)] = world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY,
                                                    draft=draft("2026-03-10 23:59")))
    assert isinstance(refused, pb.ConsultationCommandRefused) and refused.code == "period_too_short"
    assert world.table == {}
    [(_, unknown)] = world.send(comment(1))
    assert isinstance(unknown, pb.ConsultationCommandRefused)
    assert (unknown.code, unknown.status) == ("unknown_consultation", 404)


def test_a_record_that_is_no_consultation_command_is_dead_lettered() -> None:
    handled = World().commands.handle("c-1", pb.ConsultationOpened(consultation_id="c-1"))
    assert handled.dead_letter is not None and "ConsultationOpened" in handled.dead_letter


def test_a_response_after_the_announced_close_needs_no_close_command() -> None:
    world = World()
    world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY, draft=draft()))
    [(_, published)] = world.send(pb.PublishConsultationResponse(
        command_id="p-1", consultation_id="c-1", actor=AGENCY,
        response_url="https://example.org/tiep-thu.pdf"), "2026-04-07 08:00")
    assert isinstance(published, pb.ConsultationResponsePublished) and not published.on_time
    assert from_timestamp(published.response_due_time) == at("2026-04-06 23:59:59.999999")
    [(_, early)] = World().send(pb.PublishConsultationResponse(
        command_id="p-1", consultation_id="c-1", actor=AGENCY, response_url="https://example.org/x"))
    assert isinstance(early, pb.ConsultationCommandRefused) and early.code == "unknown_consultation"


def test_another_agency_may_neither_open_nor_answer_a_draft_of_its_own_choosing() -> None:
    world = World()
    other = common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id="so-tai-chinh")
    [(_, refused)] = world.send(pb.OpenConsultation(command_id="o-0", consultation_id="c-1", actor=other,
                                                    draft=draft()))
    assert isinstance(refused, pb.ConsultationCommandRefused) and refused.status == 403
    world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY, draft=draft()))
    [(_, refused)] = world.send(pb.CloseConsultation(command_id="cl-1", consultation_id="c-1", actor=other),
                                "2026-03-24 08:00")
    assert isinstance(refused, pb.ConsultationCommandRefused) and refused.code == "not_drafting_agency"


def test_reporting_records_a_refusal_as_the_commands_rejection_with_both_reasons() -> None:
    from citycomm_reporting.domain.facts import fact_from
    from citycomm_reporting.domain.signals import REJECTED, command_outcome_of

    [(event_id, refused)] = World().send(comment(1))
    outcome = command_outcome_of(fact_from(refused, event_id=event_id, subject="c-1",
                                           written_at=at("2026-03-02 10:00")))
    assert outcome is not None and outcome["state"] == REJECTED
    assert outcome["reason"] == ("Không có đợt lấy ý kiến này. / There is no such consultation."
                                 " (code: unknown_consultation)")


def test_the_response_names_each_press_body_and_agency_that_commented_once_and_no_citizen() -> None:
    world = World()
    world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY, draft=draft()))
    other = common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id="so-tai-chinh")
    citizen = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN, id="")
    for number, who in enumerate((PRESS, other, PRESS, citizen), start=1):
        commented = pb.SubmitConsultationComment()
        commented.CopyFrom(comment(number))
        commented.submitted_by.CopyFrom(who)
        [(_, received)] = world.send(commented, "2026-03-10 09:00")
        assert isinstance(received, pb.ConsultationCommentReceived)
    assert list(world.state().commenter_ids) == ["press-center", "so-tai-chinh"]
    [(_, published)] = world.send(pb.PublishConsultationResponse(
        command_id="p-1", consultation_id="c-1", actor=AGENCY,
        response_url="https://example.org/tiep-thu.pdf"), "2026-03-30 10:00")
    assert isinstance(published, pb.ConsultationResponsePublished)
    assert list(published.commenter_ids) == ["press-center", "so-tai-chinh"]
