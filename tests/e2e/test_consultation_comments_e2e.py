"""Comments on a consultation end to end on the session stack (issue 20, decisions 0115, 0116): a
citizen comments through REST with an e-mail address, the Press Center sends a briefing's comments
over a real gRPC channel (BulkComment), one of them for a journalist who wants the answer in English;
the comment period ends; a late comment in the bulk is refused with routing's code and both
reasons; the drafting agency publishes its response and each commenter with an address receives it
by e-mail from the real SMTP server the stack sends to, once, in their language."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import grpc
import pytest

from citycomm.v1 import common_pb2, intake_pb2, intake_pb2_grpc
from citycomm_dev.mail_server import DemoMailbox
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_consultations_e2e import CITY, draft, send, webhooks
from tests.e2e.test_submitter_mail import mail
from tests.support import api_keys

WINDOW = timedelta(seconds=25)  # how long the consultation is still open when the test starts


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), {
        "center": ("press_center", "trung-tam-bao-chi"), "builders": ("agency", "so-xay-dung")},
        label="e2e-consultation-comments")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def bulk(config: StackConfig, key: str, items: list[intake_pb2.ConsultationComment]) -> Any:
    with grpc.insecure_channel(f"127.0.0.1:{config.ports.intake_grpc}") as channel:
        return intake_pb2_grpc.IntakeServiceStub(channel).BulkComment(
            iter(items), metadata=(("authorization", f"Bearer {key}"),), timeout=60)


def test_rest_and_grpc_comments_a_late_one_refused_and_each_commenter_mailed_the_response(
        stack: Stack, stack_config: StackConfig, keys: dict[str, str], receiver: Receiver,
        mailbox: DemoMailbox) -> None:
    now = datetime.now(CITY)
    closes = now + WINDOW  # opened 40 days ago: the law's least period is over, so it may close now
    opened = send(stack_config, "", draft(now - timedelta(days=40), closes), keys["builders"])
    assert opened.status_code == 200, opened.text
    consultation = opened.json()["consultation_id"]
    citizen, journalist = (f"{who}.{uuid.uuid4().hex[:8]}@example.vn" for who in ("cong.dan", "phong.vien"))

    comment = {"text": "Cần miễn phí cho người bán hàng rong", "theme": "miễn phí",
               "contact": {"name": "Trần Thị Hoa", "email": citizen}}
    first = send(stack_config, f"/{consultation}/comments", comment, None)  # the public, no key
    again = send(stack_config, f"/{consultation}/comments", {**comment, "article": "Điều 7"}, None)
    assert (first.status_code, again.status_code) == (200, 200), (first.text, again.text)

    items = [
        intake_pb2.ConsultationComment(
            idempotency_key=f"giao-ban-{uuid.uuid4()}", consultation_id=consultation, article="Điều 5",
            theme="phí", text="Báo Tuổi Trẻ: mức phí cao so với thu nhập hộ kinh doanh", wait_seconds=20,
            contact=common_pb2.Contact(email=journalist, language="en")),
        intake_pb2.ConsultationComment(
            idempotency_key=f"giao-ban-{uuid.uuid4()}", consultation_id=consultation, article="Điều 9",
            text="Báo Thanh Niên: cần lộ trình thu phí", wait_seconds=20),
    ]
    answered = bulk(stack_config, keys["center"], items)
    assert [(r.state, r.error_code) for r in answered.results] == [("accepted", "")] * 2, answered
    assert (answered.received, answered.accepted, answered.failed) == (2, 2, 0)
    assert all(r.comment_id and r.consultation_id == consultation for r in answered.results)
    hooks = wait_for(lambda: (found := webhooks(receiver, "consultation.comment_received", consultation))
                     and len(found) >= 4 and found, 30, "the four comments to the drafting agency")
    assert sorted(d["audience"] for d in hooks.values()) == ["press", "press", "public", "public"]
    assert all(d["contact"] is None for d in hooks.values())  # never the commenters' addresses

    time.sleep(max((closes - datetime.now(CITY)).total_seconds() + 1, 0))  # the period ends
    late_item = intake_pb2.ConsultationComment(
        idempotency_key=f"giao-ban-{uuid.uuid4()}", consultation_id=consultation, text="Góp ý muộn",
        wait_seconds=20)
    [late] = bulk(stack_config, keys["center"], [late_item]).results
    assert (late.state, late.error_code, late.status) == ("refused", "closed", 409), late
    assert "đã kết thúc" in late.error_vi and "closed" in late.error

    published = send(stack_config, f"/{consultation}/response",
                     {"response_url": "https://example.org/tiep-thu-via-he.pdf",
                      "summary": "Miễn phí cho người bán hàng rong; lộ trình thu phí 2 năm."},
                     keys["builders"])
    assert published.status_code == 200, published.text
    title = draft(now, closes)["title"]
    to_citizen = mail(mailbox, citizen, "Tiếp thu, giải trình")
    assert to_citizen["subject"] == f"Tiếp thu, giải trình ý kiến góp ý dự thảo «{title}»"
    assert "https://example.org/tiep-thu-via-he.pdf" in to_citizen["text"]
    assert "Miễn phí cho người bán hàng rong" in to_citizen["text"] and to_citizen["list_unsubscribe"]
    to_journalist = mail(mailbox, journalist, "The response")
    assert to_journalist["subject"] == f"The response to the comments on the draft «{title}»"
    assert "Thank you for commenting" in to_journalist["text"]
    time.sleep(2)  # a second message would be sent at once, as the first was
    assert len([m for m in mailbox.messages() if citizen in m["to"]]) == 1  # commented twice, told once
    assert len([m for m in mailbox.messages() if journalist in m["to"]]) == 1
