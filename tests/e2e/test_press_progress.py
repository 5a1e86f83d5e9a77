"""A press agency hears of its own press request by webhook, end to end: acknowledged, then
answered with the answer — delivered to its endpoint (in this stack, the directory's default one,
which is the test's receiver), in its own delivery log, and valid against the contract."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys
from tests.support.webhook_contract import violations

PARTIES = {"press": ("press_agency", "bao-tuoi-tre"), "builders": ("agency", "so-xay-dung"),
           "other_press": ("press_agency", "bao-thanh-nien")}


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), PARTIES, label="e2e-press-progress")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def act(config: StackConfig, key: str, inquiry_id: str, action: str, body: dict[str, Any]) -> None:
    headers = {**bearer(key), "Prefer": "wait=15", "Idempotency-Key": str(uuid.uuid4())}
    answer = httpx.post(f"{base(config)}/v1/inquiries/{inquiry_id}/{action}", json=body, headers=headers,
                        timeout=30)
    assert answer.status_code == 200 and answer.json()["state"] == "accepted", answer.text


def log_of(config: StackConfig, key: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"http://127.0.0.1:{config.ports.notifications_http}/v1/webhooks/deliveries",
                       headers=bearer(key), timeout=30)
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def test_a_press_agency_gets_its_answer_by_webhook(stack: Stack, stack_config: StackConfig,
                                                   keys: dict[str, str], receiver: Receiver) -> None:
    asked = {"kind": "press_request", "agency_id": "so-xay-dung", "title": "Tiến độ cầu Thủ Thiêm 4",
             "question": "Khi nào cầu Thủ Thiêm 4 khởi công?"}
    submitted = httpx.post(f"{base(stack_config)}/v1/inquiries", json=asked, timeout=10,
                           headers={**bearer(keys["press"]), "Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 202, submitted.text
    inquiry_id = submitted.json()["inquiry_id"]
    receiver.event("inquiry.assigned", inquiry_id)
    act(stack_config, keys["builders"], inquiry_id, "acknowledge", {"note": "Đã giao phòng Giao thông"})
    acknowledged = receiver.event("submission.acknowledged", inquiry_id)
    act(stack_config, keys["builders"], inquiry_id, "answer",
        {"answer": "Dự kiến khởi công quý 3 năm 2027.", "links": ["https://sxd.hochiminhcity.gov.vn/tt4"]})
    answered = receiver.event("submission.answered", inquiry_id)

    assert acknowledged["data"]["note"] == "Đã giao phòng Giao thông"
    assert answered["data"]["answer"] == "Dự kiến khởi công quý 3 năm 2027."
    assert answered["data"]["links"] == ["https://sxd.hochiminhcity.gov.vn/tt4"]
    assert (answered["data"]["agency_id"], answered["data"]["title"]) == ("so-xay-dung", asked["title"])
    assert violations(acknowledged) == [] and violations(answered) == []
    # It was addressed to the press agency: in its own delivery log, not in another paper's.
    mine = wait_for(lambda: [d for d in log_of(stack_config, keys["press"])
                             if d["inquiry_id"] == inquiry_id and d["state"] == "delivered"] or None,
                    30, "the press agency's delivered webhooks")
    assert {d["event_type"] for d in mine} == {"submission.acknowledged", "submission.answered"}
    assert not [d for d in log_of(stack_config, keys["other_press"]) if d["inquiry_id"] == inquiry_id]
