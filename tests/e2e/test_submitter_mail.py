"""A citizen hears back by e-mail, end to end on the session stack (issue 18): submitted with an
address, the received mail with the tracking code and due date; answered, the mail with the answer."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from citycomm_dev.mail_server import DemoMailbox
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base
from tests.e2e.test_press_progress import act
from tests.support import api_keys


def mail(mailbox: DemoMailbox, address: str, subject_part: str) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        return next((m for m in mailbox.messages() if address in m["to"] and subject_part in m["subject"]),
                    None)

    return wait_for(found, 30, f"a mail to {address} about {subject_part}")


def test_a_citizen_is_mailed_the_tracking_code_then_the_answer(
        stack: Stack, stack_config: StackConfig, receiver: Receiver, mailbox: DemoMailbox) -> None:
    address = f"cong.dan.{uuid.uuid4().hex[:8]}@example.vn"
    feedback = {"category": "noise", "ward": "Phường Sài Gòn", "title": "Karaoke khuya",
                "description": "Hát karaoke sau 22 giờ mỗi tối", "contact": {"email": address}}
    submitted = httpx.post(f"{base(stack_config)}/v1/feedback", json=feedback, timeout=10,
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 202, submitted.text
    inquiry_id, code = submitted.json()["inquiry_id"], submitted.json()["tracking_code"]

    received = mail(mailbox, address, code)
    assert received["subject"] == f"Đã tiếp nhận phản ánh {code}"
    assert f"Mã tra cứu: {code}" in received["text"]
    assert re.search(r"Hạn trả lời: \d\d/\d\d/\d{4}", received["text"])
    assert received["list_unsubscribe"].startswith(f"<http://127.0.0.1:{stack_config.ports.notifications_http}/")
    unsubscribe = received["list_unsubscribe"].strip("<>")
    page = httpx.get(unsubscribe, timeout=10)  # the link works (showing it unsubscribes nothing)
    assert page.status_code == 200 and "Ngừng nhận thông báo" in page.text

    agency = receiver.event("inquiry.assigned", inquiry_id)["data"]["agency_id"]
    keys = api_keys.issue(keys_url(stack_config), {"agency": ("agency", agency)}, label="e2e-submitter-mail")
    try:
        act(stack_config, keys["agency"], inquiry_id, "answer",
            {"answer": "Công an phường đã nhắc nhở hộ gia đình."})
    finally:
        api_keys.revoke(keys_url(stack_config), keys.values())
    answered = mail(mailbox, address, f"Đã có trả lời cho {code}")
    assert "Công an phường đã nhắc nhở hộ gia đình." in answered["text"]
    assert "Công an phường đã nhắc nhở hộ gia đình." in answered["html"]
    assert len([m for m in mailbox.messages() if address in m["to"]]) == 2  # one a change
