"""Consultations at intake's door with in-memory adapters: who may open and answer one, what each
request records, and routing's refusal (as reporting keeps it) answered as a problem with its status
and both reasons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.clock import FakeClock
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.service_layer.consultations import refusal
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting, MemoryKeys

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # Monday 10:00 in the city
DRAFT = {
    "title": "Dự thảo quy định về vỉa hè", "summary": "Thu phí sử dụng tạm thời vỉa hè",
    "closes_at": "2026-03-23T23:59:00+07:00", "audiences": ["press", "public"],
    "document_links": ["https://example.org/du-thao.pdf"], "large_impact": True,
}


class Rig:
    def __init__(self, client: TestClient, publisher: FakePublisher, reporting: FakeReporting,
                 keys: MemoryKeys) -> None:
        self.client, self.publisher, self.reporting, self.keys = client, publisher, reporting, keys

    def key(self, role: Role, party: str = "") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys.issue(role, party)}"}

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self.client.post(f"/v1/consultations{path}", json=body, headers=headers or {})


@pytest.fixture
def rig() -> Iterator[Rig]:
    settings = IntakeSettings()
    publisher, reporting, keys = FakePublisher(), FakeReporting(), MemoryKeys()
    container = intake_fakes.container(settings, publisher=publisher, reporting=reporting, keys=keys,
                                       clock=FakeClock(NOW))
    with TestClient(create_app(settings, container, serve_grpc=False)) as client:
        yield Rig(client, publisher, reporting, keys)


def test_the_drafting_agency_opens_a_consultation_recorded_for_routing(rig: Rig) -> None:
    answer = rig.post("", DRAFT, {**rig.key(Role.AGENCY, "so-xay-dung"), "Idempotency-Key": "d-1"})
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["state"] == "recorded" and body["outcome"].endswith(f"/v1/commands/{body['command_id']}")
    [command] = rig.publisher.commands
    assert isinstance(command, pb.OpenConsultation) and command.consultation_id == body["consultation_id"]
    assert command.draft.drafting_agency_id == "so-xay-dung" and command.draft.large_impact
    assert list(command.draft.audiences) == [pb.CONSULTATION_AUDIENCE_PRESS,
                                             pb.CONSULTATION_AUDIENCE_PUBLIC]
    assert command.actor == common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id="so-xay-dung")
    again = rig.post("", DRAFT, {**rig.key(Role.AGENCY, "so-xay-dung"), "Idempotency-Key": "d-1"})
    assert again.json()["consultation_id"] == body["consultation_id"]  # a retry names the same one


@pytest.mark.parametrize(("role", "status"),
                         [(None, 401), (Role.PRESS_AGENCY, 403), (Role.PRESS_CENTER, 403)])
def test_only_agencies_and_operators_administer_consultations(rig: Rig, role: Role | None,
                                                              status: int) -> None:
    headers = rig.key(role, "bao-tuoi-tre") if role else {}
    for path, body in (("", DRAFT), ("/c-1/close", {}), ("/c-1/response", {"response_url": "https://x.org/r"})):
        answer = rig.post(path, body, headers)
        assert answer.status_code == status, (path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    assert rig.publisher.commands == []


@pytest.mark.parametrize("change", [
    {"audiences": []}, {"audiences": ["bloggers"]}, {"closes_at": "2026-03-23T23:59:00"},
    {"document_links": ["ftp://example.org/x"]}, {"title": ""}, {"unknown": 1},
])
def test_a_malformed_draft_is_refused_at_the_door(rig: Rig, change: dict[str, Any]) -> None:
    answer = rig.post("", {**DRAFT, **change}, rig.key(Role.OPERATOR))
    assert answer.status_code == 422 and answer.json()["detail_vi"]


def test_comments_name_their_audience_by_the_callers_key(rig: Rig) -> None:
    comment = {"text": "Mức phí quá cao", "article": "Điều 5", "theme": "phí"}
    assert rig.post("/c-1/comments", comment).status_code == 202  # anyone, as the public
    assert rig.post("/c-1/comments", comment, rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")).status_code == 202
    assert rig.post("/c-1/comments", comment, rig.key(Role.AGENCY, "so-tai-chinh")).status_code == 202
    audiences = [c.audience for c in rig.publisher.commands
                 if isinstance(c, pb.SubmitConsultationComment)]
    assert audiences == [pb.CONSULTATION_AUDIENCE_PUBLIC, pb.CONSULTATION_AUDIENCE_PRESS,
                         pb.CONSULTATION_AUDIENCE_ORGANISATIONS]
    assert all(c.consultation_id == "c-1" and c.article == "Điều 5" for c in rig.publisher.commands)


def _decided(rig: Rig, state: int, reason: str = "", event_type: str = "") -> None:
    """Plays routing and reporting: every command recorded so far is decided so."""
    for command in rig.publisher.commands:
        rig.reporting.outcomes[command.command_id] = reporting_pb2.CommandOutcome(  # type: ignore[attr-defined]
            command_id=command.command_id, outcome_state=state, reason=reason,  # type: ignore[attr-defined]
            event_type=event_type, inquiry_id=command.consultation_id)  # type: ignore[attr-defined]


def test_a_late_comment_is_answered_409_with_routings_reasons(rig: Rig) -> None:
    reason = ("Đợt lấy ý kiến «Vỉa hè» đã kết thúc lúc 23:59 23/03/2026; không nhận góp ý. / The "
              "consultation «Vỉa hè» closed at 2026-03-23 23:59 (UTC+7); no more comments accepted."
              " (code: closed)")
    recorded = rig.post("/c-1/comments", {"text": "Trễ"}, {"Idempotency-Key": "late-1"})
    _decided(rig, common_pb2.COMMAND_OUTCOME_STATE_REJECTED, reason, "citycomm.v1.ConsultationCommandRefused")
    answer = rig.post("/c-1/comments", {"text": "Trễ"}, {"Idempotency-Key": "late-1", "Prefer": "wait=1"})
    assert recorded.status_code == 202 and answer.status_code == 409, answer.text
    problem = answer.json()
    assert problem["detail_vi"].startswith("Đợt lấy ý kiến «Vỉa hè» đã kết thúc")
    assert problem["detail"].endswith("no more comments accepted.")


def test_an_accepted_command_is_200_with_its_event(rig: Rig) -> None:
    rig.post("", DRAFT, {**rig.key(Role.OPERATOR), "Idempotency-Key": "d-2"})
    _decided(rig, common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED, event_type="citycomm.v1.ConsultationOpened")
    answer = rig.post("", DRAFT, {**rig.key(Role.OPERATOR), "Idempotency-Key": "d-2", "Prefer": "wait=1"})
    assert answer.status_code == 200 and answer.json()["event_type"] == "citycomm.v1.ConsultationOpened"


@pytest.mark.parametrize(("code", "status"), [("closed", 409), ("unknown_consultation", 404),
                                              ("not_drafting_agency", 403), ("period_too_short", 422)])
def test_each_refusal_code_has_its_status(code: str, status: int) -> None:
    refused = refusal(f"Lý do. / Reason. (code: {code})")
    assert (refused.status, refused.detail_vi, refused.detail) == (status, "Lý do.", "Reason.")


def test_the_publisher_keys_a_consultation_command_by_its_consultation_id() -> None:
    import asyncio

    from citycomm_common import codec
    from citycomm_intake.adapters.publisher import CommandPublisher

    sent: list[tuple[str, bytes, bytes, Any]] = []

    class Producer:
        async def send_and_wait(self, topic: str, *, key: bytes, value: bytes, headers: Any) -> None:
            sent.append((topic, key, value, headers))

    command = pb.CloseConsultation(command_id="cl-1", consultation_id="c-1")
    asyncio.run(CommandPublisher(Producer(), timeout=1).publish(command))  # type: ignore[arg-type]
    [(topic, key, value, headers)] = sent
    assert (topic, key) == ("inquiry.commands", b"c-1")
    assert codec.decode(value, headers).message == command
