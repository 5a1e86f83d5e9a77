"""An agency gets what it needs to answer, end to end on the session stack: the inquiry.assigned
webhook and the agency's GET /v1/inquiries/{id} carry the question, who asked and the kind's details;
a co-handling agency's copy has no personal data; the Press Center's REST batch; the briefing report."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys

CITY = ZoneInfo("Asia/Ho_Chi_Minh")
PERSONAL = ("Phạm Thị D", "0907654321", "d@example.vn")


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), {
        "press": ("press_agency", "bao-tuoi-tre"), "center": ("press_center", "trung-tam-bao-chi"),
        "builders": ("agency", "so-xay-dung"), "food": ("agency", "so-an-toan-thuc-pham"),
        "health": ("agency", "so-y-te")}, label="e2e-case")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def assigned_webhooks(receiver: Receiver, inquiry_id: str) -> list[dict[str, Any]]:
    bodies = [json.loads(r["body"]) for r in receiver.received()]
    return [b["data"] for b in bodies
            if b.get("type") == "inquiry.assigned" and b["data"].get("inquiry_id") == inquiry_id]


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """What was given: a webhook writes every field (null, false, [] when unset), an API answer not."""
    return {k: v for k, v in fields.items() if v not in (None, False, [], {})}


def submit(config: StackConfig, body: dict[str, Any], key: str | None = None) -> str:
    headers = {"Idempotency-Key": str(uuid.uuid4()), **(bearer(key) if key else {})}
    response = httpx.post(f"{base(config)}/v1/inquiries", json=body, headers=headers, timeout=10)
    assert response.status_code == 202, response.text
    return str(response.json()["inquiry_id"])


def read_back(config: StackConfig, inquiry_id: str, key: str) -> dict[str, Any] | None:
    response = httpx.get(f"{base(config)}/v1/inquiries/{inquiry_id}", headers=bearer(key), timeout=10)
    return response.json() if response.status_code == 200 and response.json().get("description") else None


def test_a_press_request_reaches_the_agency_whole_and_can_be_read_again(
    stack: Stack, stack_config: StackConfig, receiver: Receiver, keys: dict[str, str]
) -> None:
    inquiry_id = submit(stack_config, {
        "kind": "press_request", "agency_id": "so-xay-dung", "title": "Ngập đường Nguyễn Hữu Cảnh",
        "question": "Khi nào dự án chống ngập hoàn thành?", "answer_on_press": True,
        "links": ["https://tuoitre.vn/ngap-1"], "journalist": "Trần Thị B"}, keys["press"])
    [hook] = wait_for(lambda: assigned_webhooks(receiver, inquiry_id), 30, "the inquiry.assigned webhook")
    asker = {"party_id": "bao-tuoi-tre", "party_name": "Báo Tuổi Trẻ", "journalist": "Trần Thị B"}
    assert hook["description"] == "Khi nào dự án chống ngập hoàn thành?"
    assert hook["submitted_by"] == {"role": "press_agency", "id": "bao-tuoi-tre"}
    assert hook["asked_by"] == asker
    assert _given(hook["details"]) == {"answer_on_press": True, "links": ["https://tuoitre.vn/ngap-1"]}
    found = wait_for(lambda: read_back(stack_config, inquiry_id, keys["builders"]), 30, "the case by id")
    assert found["description"] == hook["description"] and found["asked_by"] == asker
    assert _given(found["details"]) == _given(hook["details"])
    assert _given(found["submitted_by"]) == _given(hook["submitted_by"])


def test_the_co_handling_agency_gets_the_case_without_personal_data(
    stack: Stack, stack_config: StackConfig, receiver: Receiver, keys: dict[str, str]
) -> None:
    inquiry_id = submit(stack_config, {
        "kind": "citizen_feedback", "category": "food-safety", "ward": "26740",
        "title": "Ngộ độc sau bữa trưa", "description": "Nhiều học sinh bị ngộ độc thực phẩm",
        "contact": {"name": PERSONAL[0], "phone": PERSONAL[1], "email": PERSONAL[2]}})
    hooks = wait_for(lambda: (h if len(h := assigned_webhooks(receiver, inquiry_id)) == 2 else None),
                     30, "the lead's and the co-handling agency's webhooks")
    [lead] = [h for h in hooks if not h.get("co_handling")]
    [co] = [h for h in hooks if h.get("co_handling")]
    assert lead["agency_id"] == "so-an-toan-thuc-pham" and co["co_handling_agency_ids"] == ["so-y-te"]
    assert lead["contact"] == {"name": PERSONAL[0], "phone": PERSONAL[1], "email": PERSONAL[2],
                               "postal_address": None, "language": None}  # no language asked
    assert co["contact"] is None  # present, and empty: every field is always there (0076)
    assert co["submitted_by"] == lead["submitted_by"] == {"role": "citizen", "id": None}
    assert co["description"] == lead["description"] == "Nhiều học sinh bị ngộ độc thực phẩm"
    assert not [p for p in PERSONAL if p in json.dumps(co, ensure_ascii=False)]
    for key in (keys["food"], keys["health"]):
        found = wait_for(lambda k=key: read_back(stack_config, inquiry_id, k), 30, "the case by id")
        assert found["description"] == lead["description"]
        assert not [p for p in PERSONAL if p in json.dumps(found, ensure_ascii=False)]


def test_a_briefing_batch_over_rest_and_the_report_names_each_paper(
    stack: Stack, stack_config: StackConfig, receiver: Receiver, keys: dict[str, str]
) -> None:
    # Yesterday's briefing: a report covers briefings before the day it is made.
    briefing_day = (datetime.now(CITY) - timedelta(days=1)).date().isoformat()
    questions = [
        {"briefing_date": briefing_day, "agency_id": "so-y-te", "title": "Sốt xuất huyết",
         "question": "Số ca tuần này?", "asked_by": "Thanh Niên", "journalist": "Lê C"},
        {"briefing_date": briefing_day, "agency_id": "bao-tuoi-tre", "title": "Sai", "question": "?"},
        {"briefing_date": briefing_day, "agency_id": "so-xay-dung", "title": "Cầu Thủ Thiêm 4",
         "question": "Khi nào khởi công?", "asked_by": "bao-nguoi-lao-dong"},
    ]
    batch = f"{base(stack_config)}/v1/briefings/questions"
    headers = {**bearer(keys["center"]), "Idempotency-Key": f"gb-{uuid.uuid4()}"}
    response = httpx.post(batch, json=questions, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [202, 422, 202]
    over = httpx.post(batch, json=questions * 200, headers=headers, timeout=30)  # 600 > 500
    assert over.status_code == 422
    papers = {results[0]["inquiry_id"]: ("bao-thanh-nien", "Báo Thanh Niên"),
              results[2]["inquiry_id"]: ("bao-nguoi-lao-dong", "Báo Người Lao Động")}
    for inquiry_id, (paper, name) in papers.items():
        [hook] = wait_for(lambda i=inquiry_id: assigned_webhooks(receiver, i), 30, "each question's webhook")
        assert (hook["asked_by"]["party_id"], hook["asked_by"]["party_name"]) == (paper, name)
        assert hook["details"]["briefing_date"] == briefing_day
    for inquiry_id in papers:  # the read model has each assignment, so the report has its asker
        wait_for(lambda i=inquiry_id: read_back(stack_config, i, keys["center"]), 30, "the case by id")
    operator = {"Authorization": f"Bearer {stack_config.operator_token}"}
    reporting = f"http://127.0.0.1:{stack_config.ports.reporting_http}"
    made = httpx.post(f"{reporting}/v1/reports/weekly_briefing", headers=operator, timeout=30)
    assert made.status_code == 201, made.text
    report = httpx.get(f"{reporting}/v1/reports/{made.json()['report_id']}", headers=operator,
                       timeout=30).json()
    asked = {q["inquiry_id"]: (q["press_agency_id"], q["press_agency_name"])
             for b in report["briefings"] for q in b["questions"] if q["inquiry_id"] in papers}
    assert asked[results[0]["inquiry_id"]] == ("bao-thanh-nien", "Thanh Niên")  # the directory's short name
    assert asked[results[2]["inquiry_id"]] == ("bao-nguoi-lao-dong", "Người Lao Động")
