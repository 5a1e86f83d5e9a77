"""Agencies' receivers that fail half the time, hang, or are down for a while: every webhook is
delivered eventually, or dead-lettered, escalated, and delivered by a replay."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from citycomm_dev.polling import wait_for
from tests.faults.conftest import Platform
from tests.faults.load import assigned_deliveries


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    # A short read timeout so a hanging receiver costs an attempt quickly.
    return {"CITYCOMM_WEBHOOK_READ_TIMEOUT": "1"}


def submit(platform: Platform, count: int) -> set[str]:
    ids = set()
    for _ in range(count):
        response = httpx.post(platform.url("intake", "/v1/feedback"), timeout=10, json={
            "category": "noise", "ward": "26740", "title": "flaky", "description": uuid.uuid4().hex})
        assert response.status_code == 202, response.text
        ids.add(response.json()["inquiry_id"])
    return ids


def delivered(platform: Platform, ids: set[str]) -> bool:
    return ids <= assigned_deliveries(platform).keys()


def dead_letters(platform: Platform) -> list[dict[str, object]]:
    response = httpx.get(platform.url("notifications", "/v1/operator/dead-letters"),
                         headers=platform.operator, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_receiver_failing_every_other_request_gets_everything(platform: Platform) -> None:
    platform.ward_receiver.fail_every = 2
    try:
        ids = submit(platform, 20)
        wait_for(lambda: delivered(platform, ids), 60, "all 20 webhooks despite every other one failing")
    finally:
        platform.ward_receiver.fail_every = 0
    failed = [r for r in platform.ward_receiver.requests
              if r["status"] == 500 and json.loads(r["body"])["data"].get("inquiry_id") in ids]
    assert failed, "the receiver did fail some of them: they were retried"


def test_a_hanging_receiver_is_timed_out_and_retried(platform: Platform) -> None:
    platform.ward_receiver.hang_seconds = 2.0  # beyond the 1 s read timeout
    ids = submit(platform, 3)
    wait_for(lambda: sum(json.loads(r["body"])["data"].get("inquiry_id") in ids
                         for r in platform.ward_receiver.requests) >= 3, 30, "attempts that hang")
    platform.ward_receiver.hang_seconds = 0.0
    wait_for(lambda: delivered(platform, ids), 60, "delivery once the receiver answers again")


def test_a_receiver_down_past_the_schedule_is_dead_lettered_escalated_and_replayed(
        platform: Platform) -> None:
    platform.ward_receiver.down = True
    try:
        ids = submit(platform, 3)
        def all_dead() -> list[dict[str, object]] | None:
            found = [d for d in dead_letters(platform) if d.get("inquiry_id") in ids]
            return found if len(found) == len(ids) else None

        dead = wait_for(all_dead, 90, "a dead letter for each after the retry schedule ran out")
        metrics = httpx.get(platform.url("notifications", "/metrics"), timeout=10).text
        assert 'citycomm_escalations_total{stage="agency_unreachable"}' in metrics
    finally:
        platform.ward_receiver.down = False
    replay = httpx.post(platform.url("notifications", "/v1/operator/dead-letters/replay"), json={},
                        headers=platform.operator, timeout=10)
    assert replay.status_code == 202
    wait_for(lambda: delivered(platform, ids), 60, "the replayed webhooks")
    dead_ids = {d["webhook_id"] for d in dead}
    replayed_ids = {i for inquiry in ids for i in assigned_deliveries(platform)[inquiry]}
    assert replayed_ids == dead_ids, "a replay keeps each delivery's webhook-id"
