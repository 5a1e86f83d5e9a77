"""REST intake with in-memory adapters: every kind, every role's allowed and forbidden paths, bounds."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citycomm.v1 import commands_pb2, common_pb2, reporting_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.text import BIDI_CONTROLS
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting, MemoryKeys

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)  # a Thursday, 10:00 in the city
FEEDBACK = {
    "kind": "citizen_feedback",
    "category": "noise",
    "ward": "phuong sai gon",
    "title": "Karaoke",
    "description": "Hát karaoke ồn ào sau 22 giờ",
}
PRESS = {
    "kind": "press_request",
    "agency_id": "so-xay-dung",
    "title": "Ngập đường Nguyễn Hữu Cảnh",
    "question": "Khi nào dự án chống ngập hoàn thành?",
    "answer_on_press": True,
}
BRIEFING = {
    "kind": "briefing_question",
    "briefing_date": "2026-03-12",
    "agency_id": "so-y-te",
    "title": "Sốt xuất huyết",
    "question": "Số ca tuần này?",
    "asked_by": "Báo Tuổi Trẻ",
}
ALERT = {
    "kind": "media_alert",
    "title": "Tin giả về cắt nước",
    "description": "Bài đăng sai sự thật",
    "source_urls": ["https://example.com/post/1"],
    "detected_at": "2026-03-12T08:30:00+07:00",
}
INFORMATION = {
    "kind": "information_request",
    "agency_id": "so-tai-chinh",
    "title": "Ngân sách 2025",
    "description": "Xin cung cấp dự toán",
    "channel": "electronic",
    "complexity": "complex",
    "requester": {"name": "Nguyễn Văn A", "email": "a@example.com"},
}


@dataclass
class Rig:
    client: TestClient
    publisher: FakePublisher
    reporting: FakeReporting
    keys: MemoryKeys

    def key(self, role: Role, party: str = "") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys.issue(role, party)}"}

    def submit(self, body: dict[str, Any], key: str = "k-1", headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            "/v1/inquiries", json=body, headers={"Idempotency-Key": key, **(headers or {})}
        )


def make_rig(**overrides: Any) -> Iterator[Rig]:
    settings = IntakeSettings(**overrides)
    publisher, reporting, keys = FakePublisher(), FakeReporting(), MemoryKeys()
    container = intake_fakes.container(
        settings, publisher=publisher, reporting=reporting, keys=keys, clock=FakeClock(NOW)
    )
    with TestClient(create_app(settings, container, serve_grpc=False)) as client:
        yield Rig(client, publisher, reporting, keys)


@pytest.fixture
def rig() -> Iterator[Rig]:
    yield from make_rig()


@pytest.mark.parametrize(
    ("body", "role", "party", "kind", "attributes"),
    [
        (FEEDBACK, None, "", common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, {}),
        (
            PRESS,
            Role.PRESS_AGENCY,
            "bao-tuoi-tre",
            common_pb2.INQUIRY_KIND_PRESS_REQUEST,
            {"answer_on_press": "true"},
        ),
        (
            BRIEFING,
            Role.PRESS_CENTER,
            "trung-tam-bao-chi",
            common_pb2.INQUIRY_KIND_BRIEFING_QUESTION,
            {"briefing_date": "2026-03-12", "asked_by": "Báo Tuổi Trẻ"},
        ),
        (
            ALERT,
            Role.PRESS_CENTER,
            "trung-tam-bao-chi",
            common_pb2.INQUIRY_KIND_MEDIA_ALERT,
            {
                "urgent": "true",
                "source_urls": "https://example.com/post/1",
                "event_at": "2026-03-12T01:30:00Z",
            },
        ),
        (
            INFORMATION,
            None,
            "",
            common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
            {"channel": "electronic", "complexity": "complex"},
        ),
    ],
)
def test_every_kind_is_recorded_as_a_submit_command(
    rig: Rig, body: dict[str, Any], role: Role | None, party: str, kind: int, attributes: dict[str, str]
) -> None:
    headers = rig.key(role, party) if role else {}
    response = rig.submit(body, headers=headers)
    assert response.status_code == 202, response.text
    [command] = rig.publisher.commands
    assert isinstance(command, commands_pb2.SubmitInquiry)
    assert command.kind == kind and dict(command.attributes) == attributes
    assert command.inquiry_id == response.json()["inquiry_id"]
    assert command.tracking_code == response.json()["tracking_code"]
    if role:
        assert command.submitted_by.id == party
    assert command.target_agency_id == body.get("agency_id", "")


def test_feedback_names_the_ward_by_code_and_keeps_the_contact(rig: Rig) -> None:
    body = {**FEEDBACK, "contact": {"name": "Trần B", "email": "b@example.com"}}
    assert rig.submit(body).status_code == 202
    [command] = rig.publisher.commands
    assert command.ward_code == "26740" and command.contact.email == "b@example.com"


@pytest.mark.parametrize(
    ("body", "role"),
    [
        (PRESS, None),
        (BRIEFING, Role.PRESS_AGENCY),
        (ALERT, Role.PRESS_AGENCY),
        (BRIEFING, Role.AGENCY),
        (PRESS, Role.AGENCY),
        (PRESS, Role.OPEN311_CLIENT),
        (INFORMATION, Role.OPEN311_CLIENT),
    ],
)
def test_roles_may_not_submit_other_kinds(rig: Rig, body: dict[str, Any], role: Role | None) -> None:
    response = rig.submit(body, headers=rig.key(role, "bao-tuoi-tre") if role else {})
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert not rig.publisher.commands


def test_an_unknown_key_is_401_not_anonymous(rig: Rig) -> None:
    response = rig.submit(FEEDBACK, headers={"Authorization": "Bearer cck_abc_nope"})
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers


def test_a_retry_is_the_same_inquiry_and_a_changed_body_is_refused(rig: Rig) -> None:
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    first, again = rig.submit(PRESS, "same", headers), rig.submit(PRESS, "same", headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["inquiry_id"] == again.json()["inquiry_id"]
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    changed = rig.submit({**PRESS, "title": "Khác"}, "same", headers)
    assert changed.status_code == 422 and "Idempotency-Key" in changed.json()["title"]
    other_party = rig.submit(PRESS, "same", rig.key(Role.PRESS_AGENCY, "bao-thanh-nien"))
    assert other_party.json()["inquiry_id"] != first.json()["inquiry_id"]


def test_the_same_request_in_another_normal_form_is_the_same_retry(rig: Rig) -> None:
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    decomposed = {**PRESS, "title": unicodedata.normalize("NFD", PRESS["title"]) + "  "}
    first, again = rig.submit(PRESS, "nfc", headers), rig.submit(decomposed, "nfc", headers)
    assert again.status_code == 202 and again.json()["inquiry_id"] == first.json()["inquiry_id"]
    assert rig.publisher.commands[-1].title == unicodedata.normalize("NFC", PRESS["title"])


def test_bidi_controls_never_reach_the_agency(rig: Rig) -> None:
    """A right-to-left override would make a title read otherwise than it is ("Trojan Source")."""
    spoof = {**FEEDBACK, "title": "Karaoke \u202egnp.exe\u202c ồn",
             "description": "Ồn\u2067 quá\u2069\n\u200fĐêm"}
    assert rig.submit(spoof, "bidi").status_code == 202
    command = rig.publisher.commands[-1]
    assert (command.title, command.description) == ("Karaoke gnp.exe ồn", "Ồn quá\nĐêm")
    agency = rig.key(Role.AGENCY, "so-xay-dung")
    answer = {"answer": "Đã \u202dxử lý\u061c\u200e", "refused": False}
    assert rig.client.post("/v1/inquiries/inq-1/answer", json=answer, headers=agency).status_code == 202
    assert rig.publisher.commands[-1].answer == "Đã xử lý"
    only_controls = rig.submit({**FEEDBACK, "title": BIDI_CONTROLS}, "bidi-blank")
    assert only_controls.status_code == 422 and "title" in only_controls.text


def test_anonymous_retries_are_idempotent_too(rig: Rig) -> None:
    first, again = rig.submit(FEEDBACK, "c-1"), rig.submit(FEEDBACK, "c-1")
    assert first.json()["inquiry_id"] == again.json()["inquiry_id"]


def test_submissions_need_an_idempotency_key(rig: Rig) -> None:
    response = rig.client.post("/v1/inquiries", json=FEEDBACK)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].lower() == "header.idempotency-key"


def test_the_first_feedback_endpoint_still_works_without_a_key(rig: Rig) -> None:
    body = {k: v for k, v in FEEDBACK.items() if k != "kind"}
    response = rig.client.post("/v1/feedback", json=body)
    assert response.status_code == 202 and response.json()["tracking_code"]


@pytest.mark.parametrize(
    ("body", "field", "vi"),
    [
        ({**FEEDBACK, "ward": "Quận 1"}, "ward", "phường"),
        ({**FEEDBACK, "ward": "Thanh An"}, "ward", "phường"),  # Thanh An and Thạnh An: ambiguous unaccented
        ({**FEEDBACK, "category": "unknown"}, "category", "Lĩnh vực"),
        ({**FEEDBACK, "title": "x" * 201}, "citizen_feedback.title", "Quá dài"),
        ({**FEEDBACK, "colour": "red"}, "citizen_feedback.colour", "không được phép"),
        ({**FEEDBACK, "description": "a\x00b"}, "citizen_feedback.description", ""),
        ({**INFORMATION, "channel": "post"}, "information_request", ""),
        ({**INFORMATION, "channel": "fax"}, "information_request.channel", "danh sách"),
        ({"kind": "rumour"}, "", "kind"),
    ],
)
def test_invalid_fields_get_a_problem_naming_them(
    rig: Rig, body: dict[str, Any], field: str, vi: str
) -> None:
    response = rig.submit(body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json" and problem["status"] == 422
    assert any(
        e["field"].startswith(field) and vi.lower() in e["message_vi"].lower() for e in problem["errors"]
    ), problem
    assert not rig.publisher.commands


def test_dates_are_checked_against_the_clock(rig: Rig) -> None:
    center = rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi")
    future = rig.submit({**BRIEFING, "briefing_date": "2026-03-19"}, headers=center)
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "briefing_date"
    later = rig.submit({**ALERT, "detected_at": "2026-03-13T08:30:00+07:00"}, "k-2", headers=center)
    assert later.status_code == 422 and later.json()["errors"][0]["field"] == "detected_at"


def test_a_press_request_must_name_an_answering_agency(rig: Rig) -> None:
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    for agency in ("bao-thanh-nien", "khong-ton-tai"):
        response = rig.submit({**PRESS, "agency_id": agency}, agency, headers)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "agency_id"


def test_bodies_are_bounded_in_size_and_depth(rig: Rig) -> None:
    big = rig.client.post(
        "/v1/inquiries",
        content=b"{" + b" " * 70_000 + b"}",
        headers={"Idempotency-Key": "k", "content-type": "application/json"},
    )
    assert big.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "citizen_feedback", "description": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    chunked = rig.client.post("/v1/inquiries", content=chunks(), headers={"Idempotency-Key": "k"})
    assert chunked.status_code == 413
    deep = rig.client.post(
        "/v1/inquiries",
        content=b"[" * 5000 + b"]" * 5000,
        headers={"Idempotency-Key": "k", "content-type": "application/json"},
    )
    assert deep.status_code == 422 and deep.headers["content-type"] == "application/problem+json"
    many = rig.submit(
        {**ALERT, "source_urls": [f"https://e.com/{i}" for i in range(11)]},
        headers=rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi"),
    )
    assert many.status_code == 422


def test_a_503_names_the_key_and_the_inquiry_its_retry_lands_on(rig: Rig) -> None:
    """A produce that timed out may still land: the retry is the same inquiry and command."""
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    rig.publisher.lands_late = True
    refused = rig.submit(PRESS, "tt-1", headers)
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
    problem = refused.json()
    assert problem["idempotency_key"] == refused.headers["Idempotency-Key"] == "tt-1"
    assert "may or may" in problem["detail"] and "tt-1" in problem["detail_vi"]
    rig.publisher.lands_late = False
    retried = rig.submit(PRESS, "tt-1", headers)
    assert retried.status_code == 202
    assert (retried.json()["inquiry_id"], retried.json()["tracking_code"]) == (
        problem["inquiry_id"], problem["tracking_code"])
    assert [c.command_id for c in rig.publisher.commands] == [retried.json()["command_id"]] * 2


def test_a_citizen_who_sent_no_key_gets_one_with_the_503(rig: Rig) -> None:
    body = {k: v for k, v in FEEDBACK.items() if k != "kind"}
    rig.publisher.lands_late = True
    refused = rig.client.post("/v1/feedback", json=body)
    assert refused.status_code == 503
    problem, key = refused.json(), refused.headers["Idempotency-Key"]
    assert problem["idempotency_key"] == key and problem["tracking_code"] in problem["detail"]
    rig.publisher.lands_late = False
    retried = rig.client.post("/v1/feedback", json=body, headers={"Idempotency-Key": key})
    assert retried.status_code == 202
    assert (retried.json()["inquiry_id"], retried.json()["tracking_code"]) == (
        problem["inquiry_id"], problem["tracking_code"])
    assert {c.inquiry_id for c in rig.publisher.commands} == {problem["inquiry_id"]}
    unkeyed = rig.client.post("/v1/feedback", json=body)  # no key: a new inquiry, as ever
    assert unkeyed.status_code == 202 and unkeyed.json()["inquiry_id"] != problem["inquiry_id"]


def test_key_database_down_is_the_same_503_and_records_nothing(rig: Rig) -> None:
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    rig.keys.down = True
    refused = rig.submit(PRESS, "tt-2", headers)
    assert refused.status_code == 503 and refused.json()["idempotency_key"] == "tt-2"
    assert not rig.publisher.commands
    rig.keys.down = False
    retried = rig.submit(PRESS, "tt-2", headers)
    assert retried.status_code == 202 and retried.json()["inquiry_id"] == refused.json()["inquiry_id"]


def test_anonymous_callers_are_rate_limited_per_address() -> None:
    for rig in make_rig(citizen_rate_burst=3, citizen_rate_per_second=0.01):
        codes = [rig.submit(FEEDBACK, f"k-{i}").status_code for i in range(4)]
        assert codes == [202, 202, 202, 429]
        limited = rig.client.get("/v1/track/AAAA-BBBB-CCCC")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        keyed = rig.submit(PRESS, headers=rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre"))
        assert keyed.status_code == 202  # keys are not limited per address


def _submitted(rig: Rig, body: dict[str, Any], headers: dict[str, str], agency: str, key: str = "k") -> str:
    response = rig.submit(body, key, headers)
    assert response.status_code == 202, response.text
    rig.reporting.project(rig.publisher.commands[-1], agency)
    return response.json()["inquiry_id"]


def test_each_role_sees_only_its_own_inquiries(rig: Rig) -> None:
    tuoi_tre, thanh_nien = (
        rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre"),
        rig.key(Role.PRESS_AGENCY, "bao-thanh-nien"),
    )
    mine = _submitted(rig, PRESS, tuoi_tre, "so-xay-dung", "a")
    theirs = _submitted(rig, {**PRESS, "agency_id": "so-y-te"}, thanh_nien, "so-y-te", "b")
    builders, health = rig.key(Role.AGENCY, "so-xay-dung"), rig.key(Role.AGENCY, "so-y-te")
    operator = rig.key(Role.OPERATOR, "ops")
    get = rig.client.get
    assert get(f"/v1/inquiries/{mine}", headers=tuoi_tre).status_code == 200
    assert get(f"/v1/inquiries/{theirs}", headers=tuoi_tre).status_code == 404
    assert get(f"/v1/inquiries/{mine}", headers=builders).json()["agency_id"] == "so-xay-dung"
    assert get(f"/v1/inquiries/{mine}", headers=health).status_code == 404
    assert get(f"/v1/inquiries/{theirs}", headers=operator).status_code == 200
    assert get(f"/v1/inquiries/{mine}").status_code == 401
    assert [i["inquiry_id"] for i in get("/v1/inquiries", headers=tuoi_tre).json()["inquiries"]] == [mine]
    assert [i["inquiry_id"] for i in get("/v1/inquiries", headers=health).json()["inquiries"]] == [theirs]
    assert len(get("/v1/inquiries", headers=operator).json()["inquiries"]) == 2
    assert get("/v1/inquiries?agency_id=so-y-te", headers=builders).status_code == 403
    assert (
        get("/v1/inquiries?agency_id=so-y-te", headers=operator).json()["inquiries"][0]["inquiry_id"]
        == theirs
    )
    assert get("/v1/inquiries").status_code == 401


def test_listing_pages_with_a_cursor(rig: Rig) -> None:
    headers = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    for n in range(3):
        _submitted(rig, {**PRESS, "title": f"Câu hỏi {n}"}, headers, "so-xay-dung", f"p-{n}")
    first = rig.client.get("/v1/inquiries?page_size=2", headers=headers).json()
    rest = rig.client.get(
        f"/v1/inquiries?page_size=2&page_token={first['next_page_token']}", headers=headers
    ).json()
    assert len(first["inquiries"]) == 2 and len(rest["inquiries"]) == 1 and rest["next_page_token"] is None


def test_anyone_with_the_tracking_code_sees_the_status_without_personal_data(rig: Rig) -> None:
    response = rig.submit({**FEEDBACK, "contact": {"email": "b@example.com"}})
    rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
    code = response.json()["tracking_code"]
    found = rig.client.get(f"/v1/track/{code.lower().replace('-', '')}")
    assert found.status_code == 200 and found.json()["agency_id"] == "ubnd-26740"
    assert "example.com" not in found.text and "submitted_by" not in found.json()
    assert rig.client.get("/v1/track/0000-0000-0000").status_code == 404
    assert rig.client.get("/v1/track/not-a-code").status_code == 404


def test_read_model_down_is_503(rig: Rig) -> None:
    rig.reporting.down = True
    response = rig.client.get("/v1/track/0000-0000-0000")
    assert response.status_code == 503 and response.headers["Retry-After"]


ACTIONS = [
    ("acknowledge", {"note": "Đã nhận"}, commands_pb2.AcknowledgeInquiry),
    (
        "answer",
        {"answer": "Trả lời", "links": ["https://so-xay-dung.hochiminhcity.gov.vn/a"]},
        commands_pb2.AnswerInquiry,
    ),
    (
        "answer",
        {"answer": "Từ chối", "refused": True, "refusal_ground": "under_investigation"},
        commands_pb2.AnswerInquiry,
    ),
    (
        "transfer-request",
        {"reason": "Không thuộc thẩm quyền", "suggested_agency_id": "so-y-te"},
        commands_pb2.RequestTransfer,
    ),
    ("extension-request", {"reason": "Cần thêm thời gian"}, commands_pb2.RequestExtension),
]


@pytest.mark.parametrize(("action", "body", "command_type"), ACTIONS)
def test_an_agency_action_is_a_command_answered_202(
    rig: Rig, action: str, body: dict[str, Any], command_type: type
) -> None:
    agency = rig.key(Role.AGENCY, "so-xay-dung")
    response = rig.client.post(f"/v1/inquiries/inq-1/{action}", json=body, headers=agency)
    assert response.status_code == 202, response.text
    [command] = rig.publisher.commands
    assert isinstance(command, command_type) and command.inquiry_id == "inq-1"
    assert command.command_id == response.json()["command_id"] and command.actor.id == "so-xay-dung"
    assert response.json()["links"]["outcome"].endswith(f"/v1/commands/{command.command_id}")


@pytest.mark.parametrize(
    "role", [None, Role.PRESS_AGENCY, Role.PRESS_CENTER, Role.OPERATOR, Role.OPEN311_CLIENT]
)
def test_only_agencies_act(rig: Rig, role: Role | None) -> None:
    headers = rig.key(role, "x") if role else {}
    response = rig.client.post("/v1/inquiries/inq-1/acknowledge", json={}, headers=headers)
    assert response.status_code == (401 if role is None else 403)
    assert not rig.publisher.commands


def test_a_refusal_needs_its_legal_ground(rig: Rig) -> None:
    agency = rig.key(Role.AGENCY, "so-xay-dung")
    response = rig.client.post(
        "/v1/inquiries/inq-1/answer", json={"answer": "Không", "refused": True}, headers=agency
    )
    assert response.status_code == 422 and "refusal_ground" in response.text
    unknown = rig.client.post(
        "/v1/inquiries/inq-1/answer",
        headers=agency,
        json={"answer": "Không", "refused": True, "refusal_ground": "because"},
    )
    assert unknown.status_code == 422


def test_prefer_wait_returns_routing_decision(rig: Rig) -> None:
    agency = rig.key(Role.AGENCY, "so-xay-dung")
    headers = {**agency, "Idempotency-Key": "ack-1", "Prefer": "wait=2"}
    first = rig.client.post(
        "/v1/inquiries/inq-1/acknowledge", json={}, headers={**agency, "Idempotency-Key": "ack-1"}
    )
    command_id = first.json()["command_id"]
    rig.reporting.outcomes[command_id] = reporting_pb2.CommandOutcome(
        command_id=command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
        reason="already acknowledged", inquiry_id="inq-1",
    )
    # An outcome is shown to those who may see its inquiry: here, the assigned agency.
    rig.reporting.inquiries_by_id["inq-1"] = reporting_pb2.InquiryStatus(
        inquiry_id="inq-1", agency_id="so-xay-dung")
    decided = rig.client.post("/v1/inquiries/inq-1/acknowledge", json={}, headers=headers)
    assert decided.status_code == 200 and decided.json()["command_id"] == command_id
    assert decided.json()["state"] == "rejected" and "already" in decided.json()["reason"]
    outcome = rig.client.get(f"/v1/commands/{command_id}", headers=agency)
    assert outcome.status_code == 200 and outcome.json()["state"] == "rejected"


def _rejected_while_waiting(rig: Rig, inquiry: str, reason: str) -> Any:
    """so-y-te acknowledges `inquiry` with Prefer: wait; routing (played here) rejects it."""
    headers = {**rig.key(Role.AGENCY, "so-y-te"), "Idempotency-Key": f"ack-{inquiry}"}
    url = f"/v1/inquiries/{inquiry}/acknowledge"
    command_id = rig.client.post(url, json={}, headers=headers).json()["command_id"]
    rig.reporting.outcomes[command_id] = reporting_pb2.CommandOutcome(
        command_id=command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
        reason=reason, inquiry_id=inquiry,
        event_type="citycomm.v1.CommandRejected")
    return rig.client.post(url, json={}, headers={**headers, "Prefer": "wait=2"})


def test_prefer_wait_answers_alike_for_another_agencys_inquiry_and_a_missing_one(rig: Rig) -> None:
    rig.reporting.inquiries_by_id["inq-theirs"] = reporting_pb2.InquiryStatus(
        inquiry_id="inq-theirs", agency_id="so-xay-dung")
    theirs = _rejected_while_waiting(
        rig, "inq-theirs", "so-y-te may not acknowledge: the inquiry is assigned to so-xay-dung")
    missing = _rejected_while_waiting(rig, "inq-nope", "no inquiry 'inq-nope' is known")

    def seen(response: Any) -> tuple[int, dict[str, Any]]:
        body = {k: v for k, v in response.json().items() if k not in ("command_id", "inquiry_id", "links")}
        return response.status_code, body

    assert seen(theirs) == seen(missing)
    assert seen(theirs)[0] == 200 and seen(theirs)[1]["state"] == "rejected"
    assert "so-xay-dung" not in theirs.text and "known" not in missing.text


def test_prefer_wait_gives_up_at_its_deadline_with_202(rig: Rig) -> None:
    agency = rig.key(Role.AGENCY, "so-xay-dung")
    response = rig.client.post(
        "/v1/inquiries/inq-1/acknowledge", json={}, headers={**agency, "Prefer": "wait=1"}
    )
    assert response.status_code == 202 and response.json()["state"] == "recorded"
    assert rig.client.get(f"/v1/commands/{response.json()['command_id']}", headers=agency).status_code == 404
