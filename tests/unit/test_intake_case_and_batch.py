"""Intake REST: what a submission records for the agency, the case read back by id, and the
Press Center's batch of briefing questions (POST /v1/briefings/questions)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from citycomm.v1 import commands_pb2, common_pb2, intake_pb2, reporting_pb2
from citycomm_intake.domain.principals import Role
from citycomm_intake.domain.submissions import PressRequestIn
from citycomm_intake.service_layer.submissions import fingerprint
from tests.unit.test_intake_grpc import Rig as GrpcRig
from tests.unit.test_intake_grpc import rig as grpc_rig  # noqa: F401 (a fixture)
from tests.unit.test_intake_rest import BRIEFING, INFORMATION, PRESS, Rig, make_rig

BATCH = "/v1/briefings/questions"


@pytest.fixture
def rig() -> Iterator[Rig]:
    yield from make_rig(max_bulk_items=5)


def _last(rig: Rig) -> commands_pb2.SubmitInquiry:
    command = rig.publisher.commands[-1]
    assert isinstance(command, commands_pb2.SubmitInquiry)
    return command


def test_the_journalist_and_the_postal_address_are_recorded(rig: Rig) -> None:
    press = rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    assert rig.submit({**PRESS, "journalist": "  Trần Thị B "}, "p", press).status_code == 202
    assert _last(rig).attributes["journalist"] == "Trần Thị B"
    post = {**INFORMATION, "channel": "post", "postal_address": "12 Lê Lợi, Phường Sài Gòn"}
    assert rig.submit(post, "i").status_code == 202
    assert _last(rig).contact.postal_address == "12 Lê Lợi, Phường Sài Gòn"
    assert "postal_address" not in _last(rig).attributes  # personal data stays in the contact
    missing = rig.submit({**post, "postal_address": None}, "j")
    assert missing.status_code == 422 and "postal_address" in missing.text
    too_long = rig.submit({**post, "postal_address": "x" * 501}, "k")
    assert too_long.status_code == 422


def test_a_request_sent_before_journalist_existed_keeps_its_fingerprint() -> None:
    """A retry after the upgrade must still match the first body remembered for its key."""
    request = PressRequestIn.model_validate(PRESS)
    before = request.model_dump_json(exclude={"journalist"})  # the model as it was
    assert fingerprint(request) == hashlib.sha256(f"press_request\x1f{before}".encode()).hexdigest()
    assert fingerprint(PressRequestIn.model_validate({**PRESS, "journalist": "B"})) != fingerprint(request)


def _case(inquiry_id: str, code: str) -> reporting_pb2.InquiryStatus:
    return reporting_pb2.InquiryStatus(
        inquiry_id=inquiry_id, tracking_code=code, agency_id="so-y-te",
        lifecycle_status=common_pb2.LIFECYCLE_STATUS_ASSIGNED,
        kind=common_pb2.INQUIRY_KIND_BRIEFING_QUESTION, title="Sốt xuất huyết",
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="trung-tam-bao-chi"),
        description="Số ca tuần này?",
        details=common_pb2.InquiryDetails(briefing_date="2026-03-12"),
        asked_by=common_pb2.Asker(party_id="bao-tuoi-tre", party_name="Báo Tuổi Trẻ", journalist="B"))


def test_an_agency_reads_the_whole_case_again_by_id_but_not_by_code(rig: Rig) -> None:
    rig.reporting.inquiries_by_id["inq-1"] = _case("inq-1", "AAAA-BBBB-CCCC")
    found = rig.client.get("/v1/inquiries/inq-1", headers=rig.key(Role.AGENCY, "so-y-te")).json()
    assert found["description"] == "Số ca tuần này?"
    assert found["details"] == {"briefing_date": "2026-03-12"}
    assert found["asked_by"] == {"party_id": "bao-tuoi-tre", "party_name": "Báo Tuổi Trẻ", "journalist": "B"}
    assert found["submitted_by"] == {"role": "press_center", "id": "trung-tam-bao-chi"}
    tracked = rig.client.get("/v1/track/AAAA-BBBB-CCCC").json()
    assert not {"description", "details", "asked_by", "submitted_by"} & set(tracked)


def _question(n: int, **extra: Any) -> dict[str, Any]:
    return {**BRIEFING, "title": f"Câu hỏi {n}", **extra}


def test_the_press_center_posts_a_briefing_with_one_result_per_question(rig: Rig) -> None:
    center = {**rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi"), "Idempotency-Key": "gb-2026-03-12"}
    body = [_question(0), _question(1, agency_id="bao-thanh-nien"), _question(2, journalist="Lê C")]
    response = rig.client.post(BATCH, json=body, headers=center)
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["received"], found["accepted"], found["failed"]) == (3, 2, 1)
    assert [r["status"] for r in found["results"]] == [202, 422, 202]
    assert [r["idempotency_key"] for r in found["results"]] == [f"gb-2026-03-12/{n}" for n in range(3)]
    assert found["results"][1]["problem"]["errors"][0]["field"] == "agency_id"
    commands = rig.publisher.commands
    assert [c.title for c in commands] == ["Câu hỏi 0", "Câu hỏi 2"]  # type: ignore[attr-defined]
    assert all(c.channel == "rest-batch" for c in commands)  # type: ignore[attr-defined]
    again = rig.client.post(BATCH, json=body, headers=center).json()
    assert [r["inquiry_id"] for r in again["results"]] == [r["inquiry_id"] for r in found["results"]]
    changed = rig.client.post(BATCH, json=[_question(9), *body[1:]], headers=center).json()
    assert changed["results"][0]["status"] == 422  # the same key for a different question
    assert changed["results"][0]["problem"]["title"].startswith("Idempotency-Key reused")


def test_a_batch_is_bounded_and_only_the_press_center_may_send_it(rig: Rig) -> None:
    center = {**rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi"), "Idempotency-Key": "b"}
    over = rig.client.post(BATCH, json=[_question(n) for n in range(6)], headers=center)
    assert over.status_code == 422 and "between 1 and 5" in over.text
    assert rig.client.post(BATCH, json=[], headers=center).status_code == 422
    assert rig.client.post(BATCH, json=_question(0), headers=center).status_code == 422  # not an array
    assert rig.publisher.commands == []
    press = {**rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre"), "Idempotency-Key": "b"}
    assert rig.client.post(BATCH, json=[_question(0)], headers=press).status_code == 403
    assert rig.client.post(BATCH, json=[_question(0)], headers={"Idempotency-Key": "b"}).status_code == 401
    missing_key = rig.client.post(BATCH, json=[_question(0)], headers={k: v for k, v in center.items()
                                                                      if k != "Idempotency-Key"})
    assert missing_key.status_code == 400
    long_key = rig.client.post(BATCH, json=[_question(0)], headers={**center, "Idempotency-Key": "k" * 199})
    assert long_key.status_code == 422 and "Idempotency-Key" in long_key.text


def test_a_batch_may_be_larger_than_one_inquiry_but_not_unbounded() -> None:
    for rig in make_rig(max_bulk_items=40, max_batch_body_bytes=200_000):
        center = {**rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi"), "Idempotency-Key": "big"}
        long_question = "Tình hình dịch sốt xuất huyết ở các phường? " * 100  # ~4.5 KB each
        body = [_question(n, question=long_question) for n in range(30)]  # over 64 KiB in all
        response = rig.client.post(BATCH, json=body, headers=center)
        assert response.status_code == 200 and response.json()["accepted"] == 30
        assert rig.submit({**PRESS, "question": long_question * 15}, "one",
                          rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")).status_code == 413
        too_big = rig.client.post(BATCH, json=body * 2, headers=center)
        assert too_big.status_code == 413


async def test_grpc_gives_the_case_by_id_with_the_journalist_it_took(grpc_rig: GrpcRig) -> None:  # noqa: F811
    press = grpc_rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre")
    sent = intake_pb2.Submission(idempotency_key="g-1", press_request=intake_pb2.Submission.PressRequest(
        agency_id="so-xay-dung", title="Ngập", question="Khi nào?", journalist="Trần Thị B"))
    receipt = await grpc_rig.stub.Submit(sent, metadata=press)
    assert grpc_rig.publisher.commands[-1].attributes["journalist"] == "Trần Thị B"  # type: ignore[attr-defined]
    grpc_rig.reporting.inquiries_by_id[receipt.inquiry_id] = _case(receipt.inquiry_id, receipt.tracking_code)
    grpc_rig.reporting.inquiries_by_id[receipt.inquiry_id].agency_id = "so-xay-dung"
    found = await grpc_rig.stub.GetInquiry(reporting_pb2.GetInquiryRequest(inquiry_id=receipt.inquiry_id),
                                           metadata=grpc_rig.auth(Role.AGENCY, "so-xay-dung"))
    assert (found.description, found.asked_by.party_name) == ("Số ca tuần này?", "Báo Tuổi Trẻ")


def test_a_question_the_broker_did_not_confirm_is_a_503_item_to_send_again(rig: Rig) -> None:
    center = {**rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi"), "Idempotency-Key": "gb"}
    rig.publisher.down = True
    down = rig.client.post(BATCH, json=[_question(0), _question(1)], headers=center).json()
    assert [r["status"] for r in down["results"]] == [503, 503]
    assert down["results"][1]["problem"]["idempotency_key"] == "gb/1"
    rig.publisher.down = False
    up = rig.client.post(BATCH, json=[_question(0), _question(1)], headers=center).json()
    assert [r["status"] for r in up["results"]] == [202, 202]
    assert up["results"][1]["tracking_code"] == down["results"][1]["problem"]["tracking_code"]
