"""The webhook contract on the real stack: notifications serves the committed contract, and the
webhooks of an information request's life (assigned, extended, a refused second extension) fit
their schemas. Every webhook the whole e2e session delivers is checked again when the receiver
closes (conftest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from citycomm_dev import webhook_contract
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.support import api_keys
from tests.support.standardwebhooks_js import verify
from tests.support.webhook_contract import violations

PARTIES = {"so-xay-dung": ("agency", "so-xay-dung")}


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), PARTIES, label="e2e-contract")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def test_notifications_serves_the_committed_contract(stack: Stack, stack_config: StackConfig) -> None:
    url = f"http://127.0.0.1:{stack_config.ports.notifications_http}/v1/webhooks/contract"
    for path, text in webhook_contract.committed().items():
        answer = httpx.get(f"{url}/{path}", timeout=10)
        assert (answer.status_code, answer.text) == (200, text), path


def act(stack_config: StackConfig, key: str, inquiry_id: str, action: str, body: dict[str, Any]) -> str:
    """Routing's decision on the action: accepted or rejected."""
    headers = {**bearer(key), "Prefer": "wait=15", "Idempotency-Key": str(uuid.uuid4())}
    answer = httpx.post(f"{base(stack_config)}/v1/inquiries/{inquiry_id}/{action}", json=body,
                        headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["state"]) + " " + answer.text


def test_an_inquirys_webhooks_fit_their_schemas(stack: Stack, stack_config: StackConfig,
                                                keys: dict[str, str], receiver: Receiver) -> None:
    asked = {"kind": "information_request", "agency_id": "so-xay-dung", "channel": "in_person",
             "title": "Hồ sơ cấp phép xây dựng", "description": "Xin bản sao giấy phép xây dựng số 12",
             "requester": {"name": "Lê Văn D", "phone": "0903123456"}}
    submitted = httpx.post(f"{base(stack_config)}/v1/inquiries", json=asked, timeout=10,
                           headers={"Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 202, submitted.text
    inquiry_id = submitted.json()["inquiry_id"]
    assigned = receiver.event("inquiry.assigned", inquiry_id)
    agency = keys[assigned["data"]["agency_id"]]
    outcome = act(stack_config, agency, inquiry_id, "extension-request", {"reason": "Cần thêm số liệu"})
    assert outcome.startswith("accepted"), outcome
    extended = receiver.event("inquiry.deadline_extended", inquiry_id)
    outcome = act(stack_config, agency, inquiry_id, "extension-request", {"reason": "Lần nữa"})
    assert outcome.startswith("rejected"), outcome  # the law allows one extension
    rejected = receiver.event("command.rejected", inquiry_id)
    for message in (assigned, extended, rejected):
        assert violations(message) == [], message
    assert assigned["data"]["previous_agency_id"] is None and assigned["data"]["transfers"] == 0
    assert assigned["data"]["submitted_by"] == {"role": "citizen", "id": None}
    assert extended["data"]["previous_due_at"] < extended["data"]["deadline"]["due_at"]
    assert assigned["timestamp"].endswith("+07:00") and assigned["data"]["assigned_at"].endswith("+07:00")


def test_every_webhook_delivered_so_far_fits_its_schema(stack: Stack, receiver: Receiver) -> None:
    broken = {r["headers"]["webhook-id"]: v for r in receiver.received() if (v := violations(r["body"]))}
    assert broken == {}


def test_every_webhook_delivered_so_far_verifies_with_the_javascript_library(
        stack: Stack, stack_config: StackConfig, receiver: Receiver) -> None:
    requests = receiver.received()
    assert requests, "no webhook delivered yet: this module's other tests send some"
    results = verify([(stack_config.inbox_secret, r["body"].decode(), r["headers"]) for r in requests])
    assert [r for r in results if not r["ok"]] == []
