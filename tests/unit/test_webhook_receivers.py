"""The Python receiver in the guide (docs/receivers/receiver.py) works as the guide says, run as it
is against what our signer sends: a good message is taken once, a forged or stale one refused."""

from __future__ import annotations

import base64
import importlib.util
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from citycomm_dev import webhook_examples
from citycomm_dev.broker import free_port
from citycomm_notifications.adapters.webhooks import body, signed_headers

RECEIVER = Path(__file__).resolve().parents[2] / "docs" / "receivers" / "receiver.py"
SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ModuleType, str]]:
    monkeypatch.setenv("CITYCOMM_WEBHOOK_SECRET", SECRET)
    spec = importlib.util.spec_from_file_location("guide_receiver", RECEIVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    port = free_port()
    server = module.serve(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield module, f"http://127.0.0.1:{port}/"
    server.shutdown()


def signed(moment: datetime, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    example = webhook_examples.examples()["inquiry.assigned"]
    text = body(example["type"], moment, example["data"])
    return text.encode(), signed_headers("msg_guide-1", moment, text, [secret])


def test_the_guides_python_receiver_takes_a_message_once_and_refuses_forgeries(
        receiver: tuple[ModuleType, str]) -> None:
    module, url = receiver
    content, headers = signed(datetime.now(UTC))
    assert [httpx.post(url, content=content, headers=headers).status_code for _ in range(2)] == [204, 204]
    assert module.WORK.qsize() == 1 and module.WORK.get()["type"] == "inquiry.assigned"
    other = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    for bad_content, bad_headers in (signed(datetime.now(UTC), other),
                                     signed(datetime.now(UTC) - timedelta(minutes=6)),
                                     (content.replace(b"so-van", b"so-xay"), headers)):
        assert httpx.post(url, content=bad_content, headers=bad_headers).status_code == 401
    assert module.WORK.qsize() == 0
