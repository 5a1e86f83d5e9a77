"""An agency acting with `Prefer: wait` learns nothing of inquiries that are not its own: another
agency's inquiry and one that does not exist are answered alike (status, body, about the same time)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from tests.security.conftest import OTHER_AGENCY, Platform


def _answer_waiting(platform: Platform, http: httpx.Client, inquiry: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = http.post(platform.url("intake", f"/v1/inquiries/{inquiry}/answer"),
                         json={"answer": "Không phải của chúng tôi"},
                         headers={"Authorization": f"Bearer {platform.keys['agency']}",
                                  "Prefer": "wait=20"})
    return response, time.monotonic() - started


def _shape(response: httpx.Response) -> tuple[int, str, dict[str, Any]]:
    body = {k: v for k, v in response.json().items() if k not in ("command_id", "inquiry_id", "links")}
    return response.status_code, response.headers["content-type"], body


def test_another_agencys_inquiry_and_a_missing_one_are_answered_alike(platform: Platform,
                                                                      http: httpx.Client) -> None:
    theirs = platform.inquiries["other_press"]["inquiry_id"]  # assigned to OTHER_AGENCY
    missing = uuid.uuid4().hex
    (other, other_took), (none, none_took) = (_answer_waiting(platform, http, i) for i in (theirs, missing))
    assert other.status_code == 200, other.text
    assert _shape(other) == _shape(none)
    assert other.json()["state"] == "rejected"
    assert OTHER_AGENCY not in other.text and "known" not in none.text
    # Both are decided by routing and checked once against the read model: neither waits out the
    # 20 s, so the time cannot tell them apart the way a 200 and a 202 would.
    assert max(other_took, none_took) < 15, (other_took, none_took)
    for response in (other, none):
        outcome = http.get(platform.url("intake", f"/v1/commands/{response.json()['command_id']}"),
                           headers={"Authorization": f"Bearer {platform.keys['agency']}"})
        assert outcome.status_code == 404
