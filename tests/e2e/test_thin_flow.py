"""One citizen's feedback travels the whole platform: intake → routing → notifications → reporting."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from standardwebhooks import Webhook

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver

FEEDBACK = {"category": "noise", "ward": "phuong sai gon", "title": "Karaoke",
            "description": "Hát karaoke ồn ào sau 22 giờ"}


def submit(config: StackConfig, key: str, body: dict[str, Any] = FEEDBACK) -> httpx.Response:
    return httpx.post(f"http://127.0.0.1:{config.ports.intake_http}/v1/feedback", json=body,
                      headers={"Idempotency-Key": key}, timeout=10)


def webhooks_for(receiver: Receiver, inquiry_id: str) -> list[dict[str, Any]]:
    return [r for r in receiver.received() if json.loads(r["body"])["data"].get("inquiry_id") == inquiry_id]


def test_feedback_is_routed_signed_delivered_and_visible_by_tracking_code(
        stack: Stack, stack_config: StackConfig, receiver: Receiver) -> None:
    accepted = submit(stack_config, str(uuid.uuid4()))
    assert accepted.status_code == 202, accepted.text
    inquiry_id, code = accepted.json()["inquiry_id"], accepted.json()["tracking_code"]

    [delivery] = wait_for(lambda: webhooks_for(receiver, inquiry_id), 30, "the signed webhook")
    message = Webhook(stack_config.inbox_secret).verify(delivery["body"], delivery["headers"])
    assert message["type"] == "inquiry.assigned"
    assert message["data"]["agency_id"] == "ubnd-26740"  # Phường Sài Gòn's People's Committee
    assert message["data"]["deadline"]["due_at"]

    def tracked() -> dict[str, Any] | None:
        response = httpx.get(f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/track/{code}")
        return response.json() if response.status_code == 200 else None

    status = wait_for(tracked, 30, "the inquiry to be visible by tracking code")
    assert status["agency_id"] == "ubnd-26740"
    assert status["status"] == "assigned"
    assert status["due_at"].startswith(message["data"]["deadline"]["due_at"][:10])


def test_a_retry_with_the_same_key_is_the_same_inquiry_delivered_once(
        stack: Stack, stack_config: StackConfig, receiver: Receiver) -> None:
    key = str(uuid.uuid4())
    first, second = submit(stack_config, key), submit(stack_config, key)
    assert first.status_code == second.status_code == 202
    assert first.json()["inquiry_id"] == second.json()["inquiry_id"]
    inquiry_id = first.json()["inquiry_id"]
    wait_for(lambda: webhooks_for(receiver, inquiry_id), 30, "the webhook")
    # Once a later inquiry has arrived, a duplicate of the first would have arrived too.
    other = submit(stack_config, str(uuid.uuid4()))
    wait_for(lambda: webhooks_for(receiver, other.json()["inquiry_id"]), 30, "the later webhook")
    assert len({d["headers"]["webhook-id"] for d in webhooks_for(receiver, inquiry_id)}) == 1


def test_bad_input_gets_a_problem_not_a_500(stack: Stack, stack_config: StackConfig) -> None:
    response = submit(stack_config, str(uuid.uuid4()), {**FEEDBACK, "ward": "Quận 1"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "ward" in response.text
