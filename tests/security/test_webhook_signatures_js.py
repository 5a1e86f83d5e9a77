"""Our signatures verify with a second language's official library: Standard Webhooks for
JavaScript (npm `standardwebhooks`, pinned), not only with the Python one — during a secret
rotation too — and that library refuses what it must (tampered body, wrong secret, stale time)."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime, timedelta

from citycomm.v1 import events_pb2
from citycomm_notifications.adapters.webhooks import body, signed_headers
from citycomm_notifications.domain.payloads import payload
from tests.support.standardwebhooks_js import verify

WEBHOOK_ID = "msg_2f1c0b8e-6d2a-5b7e-9a31-0c4e1f7d2b90"


def secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


CURRENT, PREVIOUS, OTHER = secret(), secret(), secret()


def message(moment: datetime, signing: list[str]) -> tuple[str, dict[str, str]]:
    event = events_pb2.InquiryAssigned(inquiry_id="i-1", agency_id="so-y-te",
                                       title="Ngập nước đường Nguyễn Hữu Cảnh")
    text = body("inquiry.assigned", moment, payload("inquiry.assigned", event))
    return text, signed_headers(WEBHOOK_ID, moment, text, signing)


def test_the_javascript_library_verifies_what_we_send_and_during_a_rotation() -> None:
    now = datetime.now(UTC)
    text, headers = message(now, [CURRENT])
    rotating_text, rotating = message(now, [CURRENT, PREVIOUS])
    results = verify([(CURRENT, text, headers), (CURRENT, rotating_text, rotating),
                      (PREVIOUS, rotating_text, rotating)])
    assert [(r["ok"], r["type"]) for r in results] == [(True, "inquiry.assigned")] * 3, results


def test_the_javascript_library_refuses_what_it_must() -> None:
    now = datetime.now(UTC)
    text, headers = message(now, [CURRENT])
    tampered = text.replace("so-y-te", "so-xay-dung")
    stale_text, stale = message(now - timedelta(minutes=6), [CURRENT])
    results = verify([(CURRENT, tampered, headers), (OTHER, text, headers), (CURRENT, stale_text, stale),
                      (PREVIOUS, *message(now, [CURRENT]))])
    assert [r["ok"] for r in results] == [False] * 4, results
    assert json.loads(text)["data"]["agency_id"] == "so-y-te"  # the tampering did change the body
