"""Deliveries as notifications sends them (our body, signature headers and client), for the tests
that run the guide's receivers in other languages (docs/receivers/)."""

from __future__ import annotations

import asyncio
import base64
import secrets
from datetime import datetime

from citycomm_dev import webhook_examples
from citycomm_notifications.adapters.webhooks import WebhookClient, body, signed_headers


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def deliver(url: str, moment: datetime, signing: list[str], webhook_id: str, tamper: bool = False) -> int:
    """One `inquiry.assigned` delivery signed with `signing`; `tamper` alters the body after signing."""
    example = webhook_examples.examples()["inquiry.assigned"]
    text = body(example["type"], moment, example["data"])
    headers = signed_headers(webhook_id, moment, text, signing)
    sent = text.replace("so-van", "so-xay") if tamper else text

    async def post() -> int:
        client = WebhookClient(2.0, 5.0)
        try:
            return (await client.post(url, headers, sent)).status_code
        finally:
            await client.close()

    return asyncio.run(post())
