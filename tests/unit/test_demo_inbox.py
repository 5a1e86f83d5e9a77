"""The demo inbox keeps each request exactly as it arrived, so the official library verifies it again."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from standardwebhooks import Webhook, WebhookVerificationError

from citycomm_dev.inbox import create_inbox

SECRET = "whsec_" + base64.b64encode(b"demo inbox secret for tests!").decode()
# Not what json.dumps would make of it again: key order, spacing and escapes must survive as sent.
BODY = (
    b'{"type":"inquiry.assigned", "timestamp":"2026-03-12T10:00:00+07:00",'
    b'"data":{"title":"Ng\\u1eadp \xc4\x91\xc6\xb0\xe1\xbb\x9dng"}}'
)


def _signed(webhook_id: str, when: datetime, secret: str = SECRET) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, when, BODY.decode()),
        "content-type": "application/json",
    }


def test_each_request_is_kept_as_it_arrived_and_verifies_again() -> None:
    client = TestClient(create_inbox(SECRET))
    sent = _signed("msg_1", datetime.now(UTC))
    assert client.post("/webhooks", content=BODY, headers=sent).status_code == 204
    [listed] = client.get("/api/received").json()
    assert listed["webhook_id"] == "msg_1" and listed["verified"] is True
    [attempt] = client.get("/api/received/msg_1/raw").json()["attempts"]
    body = base64.b64decode(attempt["body_base64"])
    assert body == BODY and attempt["verified"] is True
    headers = dict(attempt["headers"])
    assert {k: headers[k] for k in sent} == sent
    assert Webhook(SECRET).verify(body, headers)["type"] == "inquiry.assigned"
    assert "as received" in client.get("/").text


def test_an_old_delivery_is_checked_by_signing_it_again() -> None:
    """What the README says for a delivery older than the library's five minutes."""
    client = TestClient(create_inbox(SECRET))
    sent = _signed("msg_2", datetime.now(UTC))
    assert client.post("/webhooks", content=BODY, headers=sent).status_code == 204
    attempt = client.get("/api/received/msg_2/raw").json()["attempts"][-1]
    headers, body = dict(attempt["headers"]), base64.b64decode(attempt["body_base64"])
    timestamp = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
    assert Webhook(SECRET).sign("msg_2", timestamp, body.decode()) == headers["webhook-signature"]


def test_refused_requests_are_kept_too_and_not_listed() -> None:
    client = TestClient(create_inbox(SECRET))
    forged = _signed("msg_3", datetime.now(UTC), secret="whsec_" + base64.b64encode(b"x" * 24).decode())
    assert client.post("/webhooks", content=BODY, headers=forged).status_code == 401
    signed = _signed("msg_3", datetime.now(UTC))
    assert client.post("/webhooks", content=BODY, headers=signed).status_code == 204
    first, second = client.get("/api/received/msg_3/raw").json()["attempts"]
    assert first["verified"] is False and "signature" in first["error"].lower()
    assert second["verified"] is True
    try:
        Webhook(SECRET).verify(base64.b64decode(first["body_base64"]), dict(first["headers"]))
        raise AssertionError("a forged request verified")
    except WebhookVerificationError:
        pass
    assert [m["webhook_id"] for m in client.get("/api/received").json()] == ["msg_3"]
    assert client.get("/api/received/nope/raw").status_code == 404
    assert json.loads(BODY)["data"]["title"] == "Ngập đường"
