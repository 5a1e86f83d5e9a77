"""What a receiver using the `standardwebhooks` library can detect in what our signer sends.

Detected by verification alone: a tampered body, a tampered id or timestamp, a wrong secret, and a
replay once its timestamp is outside the 5-minute tolerance. Not detected by verification: a replay
inside the tolerance; receivers deduplicate on `webhook-id` for that (ids are derived, so a
redelivery repeats its id: docs/decisions/0002-event-ids-are-derived.md).
"""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from citycomm_notifications.adapters.webhooks import body, signed_headers

WEBHOOK_ID = "msg_2f1c0b8e-6d2a-5b7e-9a31-0c4e1f7d2b90"


def secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


SECRET, OLD_SECRET, OTHER = secret(), secret(), secret()


def message(moment: datetime, *secrets_: str) -> tuple[str, dict[str, str]]:
    payload = body("inquiry.assigned", moment, {"inquiry_id": "i-1", "agency_id": "so-y-te",
                                                "title": "Ngập nước đường Nguyễn Hữu Cảnh"})
    return payload, signed_headers(WEBHOOK_ID, moment, payload, list(secrets_ or (SECRET,)))


def now() -> datetime:
    return datetime.now(UTC)


def test_a_fresh_message_verifies() -> None:
    payload, headers = message(now())
    assert Webhook(SECRET).verify(payload, headers)["data"]["inquiry_id"] == "i-1"


@pytest.mark.parametrize("age", [timedelta(minutes=6), timedelta(hours=1), -timedelta(minutes=6)])
def test_a_replay_outside_the_tolerance_is_detected(age: timedelta) -> None:
    payload, headers = message(now() - age)
    with pytest.raises(WebhookVerificationError, match="timestamp"):
        Webhook(SECRET).verify(payload, headers)


def test_a_replay_inside_the_tolerance_verifies_so_receivers_deduplicate_by_id() -> None:
    payload, headers = message(now() - timedelta(minutes=4))
    first = Webhook(SECRET).verify(payload, headers)
    again = Webhook(SECRET).verify(payload, dict(headers))
    assert first == again and headers["webhook-id"] == WEBHOOK_ID


@pytest.mark.parametrize("tamper", [
    lambda p, h: (p.replace("Nguyễn Hữu Cảnh", "Điện Biên Phủ"), h),
    lambda p, h: (p + " ", h),
    lambda p, h: (p.replace("so-y-te", "so-xay-dung"), h),
    lambda p, h: (p, {**h, "webhook-id": "msg_other"}),
    lambda p, h: (p, {**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) + 1)}),
    lambda p, h: (p, {**h, "webhook-signature": "v1," + base64.b64encode(b"x" * 32).decode()}),
    lambda p, h: (p, {**h, "webhook-signature": ""}),
    lambda p, h: (p, {k: v for k, v in h.items() if k != "webhook-signature"}),
], ids=["body-text", "body-whitespace", "body-agency", "id", "timestamp", "forged-signature",
        "empty-signature", "no-signature"])
def test_tampering_is_detected(tamper) -> None:  # type: ignore[no-untyped-def]
    payload, headers = tamper(*message(now()))
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(payload, headers)


def test_a_wrong_secret_is_detected() -> None:
    payload, headers = message(now())
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER).verify(payload, headers)


def test_during_a_rotation_either_secret_verifies_and_no_other() -> None:
    payload, headers = message(now(), SECRET, OLD_SECRET)
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert Webhook(SECRET).verify(payload, headers)
    assert Webhook(OLD_SECRET).verify(payload, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER).verify(payload, headers)


def test_a_signature_lifted_from_one_message_does_not_verify_another() -> None:
    payload, headers = message(now())
    other_payload, other_headers = message(now(), OTHER)
    spliced = {**other_headers, "webhook-signature": headers["webhook-signature"]}
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER).verify(other_payload, spliced)
