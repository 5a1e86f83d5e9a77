"""Consultations end to end on the session stack (issue 20): the drafting agency opens one through
intake, routing decides it under the policy in force, every press agency and the Press Center
receive it by webhook, a comment arrives while another is open and reaches the drafting agency by
webhook and is counted in its report while it is listed beside Open311 and on /gop-y, a comment after
the close is refused 409 with both reasons, and the response is published and reaches the press by
webhook."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from citycomm_common.directory import load_directory
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from citycomm_notifications.domain.consultations import press
from citycomm_notifications.domain.destinations import destinations
from tests.conftest import CONFIG_DIR
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys
from tests.support.reporting_people import PASSWORDS

CITY = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), {
        "press": ("press_agency", "bao-tuoi-tre"), "builders": ("agency", "so-xay-dung")},
        label="e2e-consultations")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def send(config: StackConfig, path: str, body: dict[str, Any], key: str | None) -> httpx.Response:
    """One request, waiting (Prefer: wait) for routing's decision."""
    headers = {"Idempotency-Key": str(uuid.uuid4()), "Prefer": "wait=20", **(bearer(key) if key else {})}
    return httpx.post(f"{base(config)}/v1/consultations{path}", json=body, headers=headers, timeout=30)


def draft(opens: datetime, closes: datetime) -> dict[str, Any]:
    return {"title": "Dự thảo quy định về sử dụng tạm thời vỉa hè", "summary": "Mức thu phí vỉa hè",
            "opens_at": opens.isoformat(), "closes_at": closes.isoformat(),
            "audiences": ["press", "public"], "large_impact": True,
            "document_links": ["https://example.org/du-thao-via-he.pdf"]}


def webhooks(receiver: Receiver, event_type: str, consultation_id: str) -> dict[str, dict[str, Any]]:
    """webhook-id → data of each webhook of this type about this consultation (one per endpoint)."""
    found = {}
    for request in receiver.received():
        body = json.loads(request["body"])
        if body["type"] == event_type and body["data"]["consultation_id"] == consultation_id:
            found[request["headers"]["webhook-id"]] = body["data"]
    return found


def endpoints(*agencies: str) -> int:
    directory = load_directory(CONFIG_DIR / "directory.yaml")
    return sum(len(destinations(directory, agency)) for agency in agencies)


def test_open_comment_refuse_late_and_respond(stack: Stack, stack_config: StackConfig,
                                              keys: dict[str, str], receiver: Receiver) -> None:
    now = datetime.now(CITY)
    ran = send(stack_config, "", draft(now - timedelta(days=40), now - timedelta(days=3)), keys["builders"])
    running = send(stack_config, "", draft(now - timedelta(hours=1), now + timedelta(days=30)),
                   keys["builders"])
    assert (ran.status_code, running.status_code) == (200, 200), (ran.text, running.text)
    assert ran.json()["event_type"] == "citycomm.v1.ConsultationOpened"
    too_short = send(stack_config, "", draft(now, now + timedelta(days=5)), keys["builders"])
    assert too_short.status_code == 422 and "ít nhất 20 ngày" in too_short.json()["detail_vi"]

    comment = {"text": "Mức phí quá cao cho hộ kinh doanh nhỏ", "article": "Điều 5", "theme": "phí"}
    received = send(stack_config, f"/{running.json()['consultation_id']}/comments", comment, keys["press"])
    assert received.status_code == 200, received.text
    assert received.json()["event_type"] == "citycomm.v1.ConsultationCommentReceived"

    # Every press agency and the Press Center hear of the opening, once each; the drafting agency
    # of the comment (without the commenter's contact).
    press_endpoints = endpoints(*press(load_directory(CONFIG_DIR / "directory.yaml")))
    assert press_endpoints >= 2
    running_id = running.json()["consultation_id"]
    opened = wait_for(lambda: (found := webhooks(receiver, "consultation.opened", running_id))
                      and len(found) >= press_endpoints and found, 30, "consultation.opened to the press")
    assert len(opened) == press_endpoints
    assert {d["draft"]["drafting_agency_id"] for d in opened.values()} == {"so-xay-dung"}
    [comment_hook] = wait_for(lambda: list(webhooks(receiver, "consultation.comment_received",
                                                    running_id).values()), 30, "the comment to the agency")
    assert comment_hook["drafting_agency_id"] == "so-xay-dung" and comment_hook["article"] == "Điều 5"
    assert comment_hook["submitted_by"] == {"role": "press_agency", "id": "bao-tuoi-tre"}
    assert comment_hook["contact"] is None  # never the commenter's (decision 0116)

    # Reporting counts the comment in the consultation's report (decision 0108); open to the public,
    # the consultation is in the Open311-style listing and on /gop-y, the one past its close is not
    # (decision 0112).
    dashboard = httpx.Client(base_url=f"http://127.0.0.1:{stack_config.ports.reporting_http}", timeout=10)
    signed_in = dashboard.post("/dashboard/login", data={
        "login": "lanh-dao", "password": PASSWORDS["lanh-dao"], "next": "/dashboard"})
    assert signed_in.status_code == 303, signed_in.text
    report = wait_for(lambda: (page := dashboard.get(f"/dashboard/consultations/{running_id}",
                                                     params={"lang": "en"}).text)
                      and "Comments: 1 ·" in page and page, 30, "the comment counted in the report")
    assert '>Press</th><td class="n">1</td>' in report and '>Điều 5</th><td class="n">1</td>' in report
    listed = httpx.get(f"{base(stack_config)}/open311/v2/consultations.json", timeout=10)
    assert listed.status_code == 200, listed.text
    shown = {c["consultation_id"]: c for c in listed.json()}
    assert running_id in shown and ran.json()["consultation_id"] not in shown
    assert shown[running_id]["comment_url"].endswith(f"/v1/consultations/{running_id}/comments")
    public_page = httpx.get(f"{base(stack_config)}/gop-y", timeout=10)
    assert f'href="/gop-y/du-thao/{running_id}"' in public_page.text
    form = httpx.get(shown[running_id]["page_url"], timeout=10)
    assert form.status_code == 200 and "Dự thảo quy định về sử dụng tạm thời vỉa hè" in form.text

    late = send(stack_config, f"/{ran.json()['consultation_id']}/comments", comment, None)
    assert late.status_code == 409, late.text
    assert late.headers["content-type"] == "application/problem+json"
    assert "đã kết thúc" in late.json()["detail_vi"] and "closed" in late.json()["detail"]

    published = send(stack_config, f"/{ran.json()['consultation_id']}/response",
                     {"response_url": "https://example.org/tiep-thu-giai-trinh.pdf"}, keys["builders"])
    assert published.status_code == 200, published.text
    assert published.json()["event_type"] == "citycomm.v1.ConsultationResponsePublished"
    ran_id = ran.json()["consultation_id"]
    answered = wait_for(lambda: (found := webhooks(receiver, "consultation.response_published", ran_id))
                        and len(found) >= press_endpoints and found, 30, "the response to the press")
    assert len(answered) == press_endpoints
    assert {d["response_url"] for d in answered.values()} == {"https://example.org/tiep-thu-giai-trinh.pdf"}
