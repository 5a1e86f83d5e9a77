"""Consultations end to end on the session stack (issue 20): the drafting agency opens one through
intake, routing decides it under the policy in force, a comment arrives while another is open, a
comment after the close is refused 409 with both reasons, and the response is published."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys

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


def test_open_comment_refuse_late_and_respond(stack: Stack, stack_config: StackConfig,
                                              keys: dict[str, str]) -> None:
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

    late = send(stack_config, f"/{ran.json()['consultation_id']}/comments", comment, None)
    assert late.status_code == 409, late.text
    assert late.headers["content-type"] == "application/problem+json"
    assert "đã kết thúc" in late.json()["detail_vi"] and "closed" in late.json()["detail"]

    published = send(stack_config, f"/{ran.json()['consultation_id']}/response",
                     {"response_url": "https://example.org/tiep-thu-giai-trinh.pdf"}, keys["builders"])
    assert published.status_code == 200, published.text
    assert published.json()["event_type"] == "citycomm.v1.ConsultationResponsePublished"
