"""No credential reaches a log line: uvicorn's access log, httpx's request log and messages alike."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from citycomm_common.redaction import redact
from citycomm_common.settings import CommonSettings
from citycomm_common.telemetry import configure_logging

KEY = "cck_0123456789ab_Zx-9_aQ"


@pytest.mark.parametrize(
    ("line", "kept", "secret"),
    [
        (f'1.2.3.4:5 - "GET /open311/v2/requests.json?api_key={KEY}&page_size=2 HTTP/1.1" 200',
         "requests.json?api_key=***&page_size=2 HTTP/1.1", "Zx-9_aQ"),
        ("GET /dashboard?token=s3cr3t-t0k3n HTTP/1.1", "/dashboard?token=*** HTTP/1.1", "s3cr3t"),
        ("POST /x?access_token=a%2Fb&X-Amz-Signature=ffee HTTP/1.1", "access_token=***&X-Amz-Signature=***",
         "a%2Fb"),
        ("Authorization: Bearer tok.en-_~+/=", "Authorization: Bearer ***", "tok.en"),
        ("Authorization: Basic dXNlcjpwYXNz", "Basic ***", "dXNlcjpwYXNz"),
        ("{'x-api-key': 'plain-key', 'cookie': 'citycomm_reporting_token=abc'}", "'x-api-key': '***'",
         "plain-key"),
        (f"key {KEY} refused", "key cck_0123456789ab_*** refused", "Zx-9_aQ"),
        ("signing with whsec_QUJD+/ZGVm=", "signing with whsec_***", "QUJD"),
    ],
)
def test_credentials_are_masked_and_the_rest_is_kept(line: str, kept: str, secret: str) -> None:
    assert kept in redact(line) and secret not in redact(line)


def test_plain_words_are_left_alone() -> None:
    line = 'GET /open311/v2/services.json?jurisdiction_id=hcm&design=1 "page token is not ours"'
    assert redact(line) == line


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    # A uvicorn server started by an earlier test (uvicorn's default logging config) leaves its
    # loggers with handlers of their own and propagation off; services run uvicorn with
    # log_config=None, so their access lines reach the root handler.
    uvicorns = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.access", "uvicorn.error")]
    states = [(u.handlers[:], u.level, u.propagate, u.disabled) for u in uvicorns]
    for logger in uvicorns:
        logger.handlers[:], logger.propagate, logger.disabled = [], True, False
        logger.setLevel(logging.NOTSET)
    out = io.StringIO()
    yield out
    root.handlers[:], root.level = saved, level
    for logger, (handlers, was, propagate, disabled) in zip(uvicorns, states, strict=True):
        logger.handlers[:], logger.propagate, logger.disabled = handlers, propagate, disabled
        logger.setLevel(was)


@pytest.mark.parametrize("log_format", ["json", "console"])
def test_every_service_log_handler_masks_the_access_log(
    stream: io.StringIO, log_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging(CommonSettings(log_format=log_format))  # type: ignore[arg-type]
    # What uvicorn's httptools protocol logs for each request, as it logs it.
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "1.2.3.4:5", "GET",
                                             f'/x?api_key={KEY}&q="\\', "1.1", 200)
    try:
        raise RuntimeError(f"failed with Bearer {KEY}")
    except RuntimeError:
        logging.getLogger("citycomm").exception("while calling http://h/p?token=abc")
    written = stream.getvalue()
    assert "api_key=***" in written and "token=***" in written
    assert "Zx-9_aQ" not in written and "token=abc" not in written
    if log_format == "json":
        assert all(json.loads(line) for line in written.splitlines() if line.startswith("{"))
