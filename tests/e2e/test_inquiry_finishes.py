"""An inquiry can always finish, end to end on the session stack: agencies transfer it to the limit,
it is escalated to the coordinator, which places it by reassigning (its transfer request is refused),
the agency answers, the submitter disputes, an operator settles over gRPC, and it is closed — while
the public sees by tracking code neither the refused command nor who asked."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest

from citycomm.v1 import intake_pb2, intake_pb2_grpc
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys

COORDINATOR = "so-van-hoa-the-thao"  # config/directory.yaml
PARTIES = {"press": ("press_agency", "bao-tuoi-tre"), "so-xay-dung": ("agency", "so-xay-dung"),
           "so-tu-phap": ("agency", "so-tu-phap"), "so-noi-vu": ("agency", "so-noi-vu"),
           "so-y-te": ("agency", "so-y-te"), "coordinator": ("agency", COORDINATOR),
           "operator": ("operator", "ops-e2e")}


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), PARTIES, label="e2e")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


class Driver:
    def __init__(self, config: StackConfig, keys: dict[str, str], receiver: Receiver) -> None:
        self.url, self.keys, self.receiver, self.config = base(config), keys, receiver, config
        self.inquiry_id = self.code = ""

    def act(self, who: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        """An action waited on; routing's decision within the wait."""
        headers = {**bearer(self.keys[who]), "Prefer": "wait=15", "Idempotency-Key": str(uuid.uuid4())}
        response = httpx.post(f"{self.url}/v1/inquiries/{self.inquiry_id}/{action}", json=body,
                              headers=headers, timeout=30)
        assert response.status_code == 200, (who, action, response.status_code, response.text)
        return dict(response.json())

    def tracked(self) -> dict[str, Any]:
        response = httpx.get(f"{self.url}/v1/track/{self.code}", timeout=10)
        return dict(response.json()) if response.status_code == 200 else {}

    def webhook(self, kind: str, agency: str, what: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            for request in self.receiver.received():
                body = json.loads(request["body"])
                data = body.get("data", {})
                if body.get("type") == kind and data.get("inquiry_id") == self.inquiry_id and (
                        agency in (data.get("agency_id"), *data.get("escalated_to", []))):
                    return dict(data)
            return None

        return wait_for(found, 30, what)  # type: ignore[no-any-return]


def test_an_escalated_inquiry_is_placed_answered_disputed_settled_and_closed(
        stack: Stack, stack_config: StackConfig, keys: dict[str, str], receiver: Receiver) -> None:
    drive = Driver(stack_config, keys, receiver)
    press = {"kind": "press_request", "agency_id": "so-xay-dung", "title": "Cấp phép biểu diễn",
             "question": "Thủ tục cấp phép biểu diễn nghệ thuật ngoài trời?"}
    submitted = httpx.post(f"{drive.url}/v1/inquiries", json=press, timeout=10,
                           headers={**bearer(keys["press"]), "Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 202, submitted.text
    drive.inquiry_id, drive.code = submitted.json()["inquiry_id"], submitted.json()["tracking_code"]
    wait_for(lambda: drive.tracked().get("agency_id") == "so-xay-dung", 30, "the first assignment")

    declines = (("so-xay-dung", "so-tu-phap"), ("so-tu-phap", "so-noi-vu"), ("so-noi-vu", ""))
    for decliner, suggested in declines:
        named = {"suggested_agency_id": suggested} if suggested else {}
        body = {"reason": "Không thuộc thẩm quyền", **named}
        assert drive.act(decliner, "transfer-request", body)["state"] == "accepted"
    escalated = drive.webhook("inquiry.escalated", COORDINATOR, "the escalation to the coordinator")
    assert escalated["agency_id"] == COORDINATOR
    wait_for(lambda: drive.tracked().get("agency_id") == COORDINATOR, 30, "the coordinator's assignment")

    refused = drive.act("coordinator", "transfer-request", {"reason": "Không rõ thẩm quyền"})
    assert refused["state"] == "rejected" and "reassign" in refused["reason"]
    placed = drive.act("coordinator", "reassign", {"agency_id": "so-y-te", "reason": "Thuộc ngành y tế"})
    assert placed["state"] == "accepted"
    assigned = drive.webhook("inquiry.assigned", "so-y-te", "so-y-te's assignment")
    assert (assigned["rule_id"], assigned["previous_agency_id"]) == ("operator-reassign", COORDINATOR)

    assert drive.act("so-y-te", "answer", {"answer": "Nộp hồ sơ tại Sở."})["state"] == "accepted"
    assert drive.act("press", "dispute", {"reason": "Chưa nêu thời hạn"})["state"] == "accepted"
    drive.webhook("inquiry.reopened", "so-y-te", "the reopening told to so-y-te")
    with grpc.insecure_channel(f"127.0.0.1:{stack_config.ports.intake_grpc}") as channel:
        receipt = intake_pb2_grpc.IntakeServiceStub(channel).SettleDispute(
            intake_pb2.SettleDisputeRequest(inquiry_id=drive.inquiry_id, resolution="answer_stands",
                                            reason="Câu trả lời đã đủ", wait_seconds=15),
            metadata=(("authorization", f"Bearer {keys['operator']}"),), timeout=30)
    assert receipt.state == "accepted", receipt

    closed = wait_for(lambda: (t := drive.tracked()).get("status") == "closed" and t, 30, "closed")
    assert closed["answer"] == "Nộp hồ sơ tại Sở." and closed["agency_id"] == "so-y-te"
    public = json.dumps(closed, ensure_ascii=False)
    assert "last_rejection" not in closed and "reassign" not in public and "bao-tuoi-tre" not in public
