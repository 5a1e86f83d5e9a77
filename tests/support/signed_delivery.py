"""Deliveries as notifications sends them (our body, signature headers and client), for the tests
that run the guide's receivers in other languages (docs/receivers/)."""

from __future__ import annotations

import asyncio
import base64
import secrets
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from citycomm_dev import webhook_examples
from citycomm_notifications.adapters.webhooks import WebhookClient, body, signed_headers


def installed(tool: str, install: Path, timeout: int) -> str:
    """The path of `tool`, installed by the project's script if missing; the test skips, saying why,
    where it cannot be installed."""
    if shutil.which(tool) is None:
        done = subprocess.run([str(install)], capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0 or shutil.which(tool) is None:
            pytest.skip(f"{tool} cannot be installed here ({install.name}: {done.stderr[-300:]})")
    return str(shutil.which(tool))


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


def refuses_unsigned(url: str) -> bool:
    """True once a receiver listens at `url` and refuses an unsigned request (401)."""
    try:
        return httpx.get(url, timeout=1).status_code == 401
    except httpx.HTTPError:
        return False


def check_receiver(url: str, spool: Path, secret: str, name: str) -> None:
    """What every guide receiver must do with real deliveries: take a message once, take either
    secret of a rotation, refuse a forged, stale or altered one (401)."""
    now = datetime.now(UTC)
    # A retry repeats the webhook-id: taken once.
    assert [deliver(url, now, [secret], f"msg_{name}-1") for _ in range(2)] == [204, 204]
    assert len(spool.read_text().splitlines()) == 1
    assert '"type":"inquiry.assigned"' in spool.read_text()
    # A rotation: signed with the new secret and the old one the receiver still has; then the reverse.
    assert deliver(url, now, [new_secret(), secret], f"msg_{name}-2") == 204
    assert deliver(url, now, [secret, new_secret()], f"msg_{name}-3") == 204
    for refused in (deliver(url, now, [new_secret()], f"msg_{name}-4"),
                    deliver(url, now - timedelta(minutes=6), [secret], f"msg_{name}-5"),
                    deliver(url, now, [secret], f"msg_{name}-6", tamper=True)):
        assert refused == 401
    assert len(spool.read_text().splitlines()) == 3
