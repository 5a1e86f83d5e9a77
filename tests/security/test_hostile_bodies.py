"""Oversized and malformed requests against the real services: never a 5xx, always a clear 4xx.

Every service answers RFC 9457 problems (`application/problem+json`), Open311 its
`[{code, description}]` and the dashboard's login form an HTML page. Every case names the status it
must get.
"""

from __future__ import annotations

import json
import socket
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tests.security.conftest import FEEDBACK, OPERATOR_TOKEN, PRESS_REQUEST, ROUTING_KEY, Platform

BIG = 200 * 1024  # beyond intake's 64 KiB and any body these APIs need
JSON = {"content-type": "application/json"}


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def padded(document: dict[str, object], size: int) -> bytes:
    return json.dumps({**document, "padding": "x" * size}).encode()


def chunks(data: bytes, size: int = 8192) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


@dataclass(frozen=True)
class Case:
    name: str
    service: str
    path: str
    body: bytes
    status: int | tuple[int, ...]
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON))
    chunked: bool = False


INVALID_UTF8 = b'{"kind": "citizen_feedback", "category": "noise", "ward": "Ph\xff\xfeng", "title": "t", ' \
               b'"description": "\xc3\x28"}'
FORM_INVALID_UTF8 = b"service_code=noise&description=\xff\xfe&attribute[ward]=26734"
EXPLAIN = {"kind": "citizen_feedback", "category": "noise"}

CASES = [
    Case("intake: too big", "intake", "/v1/inquiries", padded(FEEDBACK, BIG), 413),
    Case("intake: too big, chunked without length", "intake", "/v1/inquiries", padded(FEEDBACK, BIG), 413,
         chunked=True),
    Case("intake: deep JSON", "intake", "/v1/inquiries", deep(64), 422),
    Case("intake: very deep JSON", "intake", "/v1/inquiries", deep(60_000), 413),
    Case("intake: deep JSON under the size limit", "intake", "/v1/feedback", deep(30_000), 422),
    Case("intake: invalid UTF-8", "intake", "/v1/inquiries", INVALID_UTF8, 400),
    Case("intake: not JSON", "intake", "/v1/inquiries", b"{'kind': citizen_feedback", 422),
    Case("intake: JSON but not an object", "intake", "/v1/inquiries", b'"citizen_feedback"', 422),
    Case("intake: empty body", "intake", "/v1/inquiries", b"", 422),
    Case("intake: wrong content type", "intake", "/v1/inquiries", json.dumps(FEEDBACK).encode(),
         (415, 422), headers={"content-type": "text/plain"}),
    Case("intake: XML body", "intake", "/v1/inquiries", b"<inquiry><kind>x</kind></inquiry>", (415, 422),
         headers={"content-type": "application/xml"}),
    Case("intake: NUL in text", "intake", "/v1/inquiries",
         json.dumps({**FEEDBACK, "description": "a\u0000b"}).encode(), (202, 422)),
    Case("open311: too big form", "intake", "/open311/v2/requests.json",
         b"service_code=noise&description=" + b"x" * BIG, 413,
         headers={"content-type": "application/x-www-form-urlencoded"}),
    Case("open311: invalid UTF-8 form", "intake", "/open311/v2/requests.xml", FORM_INVALID_UTF8, (400, 403),
         headers={"content-type": "application/x-www-form-urlencoded"}),
    Case("open311: too many form fields", "intake", "/open311/v2/requests.json",
         b"&".join(b"f%d=1" % i for i in range(5000)), 400,
         headers={"content-type": "application/x-www-form-urlencoded"}),
    Case("open311: invalid JSON", "intake", "/open311/v2/requests.json", b"{", 400),
    Case("open311: JSON list", "intake", "/open311/v2/requests.json", b"[1, 2]", 400),
    Case("open311: invalid UTF-8 JSON", "intake", "/open311/v2/requests.json", INVALID_UTF8, 400),
    Case("open311: deep JSON", "intake", "/open311/v2/requests.json", deep(64), 422),
    Case("routing: too big", "routing", "/v1/routing/explain", padded(EXPLAIN, BIG), 413),
    Case("routing: too big, chunked", "routing", "/v1/routing/explain", padded(EXPLAIN, BIG), 413,
         chunked=True),
    Case("routing: deep JSON", "routing", "/v1/routing/explain", deep(5_000), 400),
    Case("routing: invalid UTF-8", "routing", "/v1/routing/explain", INVALID_UTF8, 400),
    Case("routing: wrong content type", "routing", "/v1/routing/explain", json.dumps(EXPLAIN).encode(),
         (415, 422), headers={"content-type": "text/plain"}),
    Case("routing: operator, too big", "routing", "/v1/directory/agencies", padded({}, BIG), 413,
         headers={**JSON, "authorization": f"Bearer {ROUTING_KEY}"}),
    Case("routing: operator, invalid UTF-8", "routing", "/v1/directory/agencies", INVALID_UTF8, 400,
         headers={**JSON, "authorization": f"Bearer {ROUTING_KEY}"}),
    Case("reporting: login, invalid UTF-8", "reporting", "/dashboard/login", b"token=\xff\xfe", 400,
         headers={"content-type": "application/x-www-form-urlencoded"}),
    Case("reporting: login, too big", "reporting", "/dashboard/login", b"token=" + b"x" * BIG, 413,
         headers={"content-type": "application/x-www-form-urlencoded"}),
    Case("reporting: login, too big, chunked", "reporting", "/dashboard/login", b"token=" + b"x" * BIG,
         413, headers={"content-type": "application/x-www-form-urlencoded"}, chunked=True),
    Case("reporting: on-demand report with a body", "reporting", "/v1/reports/monthly?at=2026-01-01",
         padded({}, BIG), (201, 413), headers={**JSON, "authorization": f"Bearer {OPERATOR_TOKEN}"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_bodies_get_a_clear_4xx(platform: Platform, http: httpx.Client, case: Case) -> None:
    headers = {**case.headers, "Idempotency-Key": str(uuid.uuid4())}
    content = chunks(case.body) if case.chunked else case.body
    response = http.post(platform.url(case.service, case.path), content=content, headers=headers)
    expected = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code in expected, response.text[:300]
    if response.status_code >= 400:
        assert _explained(response), response.text[:300]


def _explained(response: httpx.Response) -> bool:
    """A problem with its status and title, Open311's errors, or the login page saying why."""
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/html"):
        return '<p class="problem"' in response.text  # the page's explanation, whatever its attributes
    if "xml" in content_type:
        return "<description>" in response.text
    body = response.json()
    if isinstance(body, list):
        return all(e.get("code") and e.get("description") for e in body)
    return (content_type == "application/problem+json" and body.get("status") == response.status_code
            and bool(body.get("title")))


# --- headers and query strings ---------------------------------------------------------------------------

def raw(port: int, request: bytes) -> int:
    """Send bytes as they are; the status of the answer (0: the server closed without one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            data = sock.recv(4096)
            if not data:
                return 0
            answer += data
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("service", ["intake", "routing", "notifications", "reporting"])
def test_huge_headers_get_431_and_the_service_carries_on(platform: Platform, http: httpx.Client,
                                                         service: str) -> None:
    """uvicorn's httptools parser sets no header limit; citycomm_common.http_server does (32 KiB)."""
    big = b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"
    many = (b"GET /livez HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(5000))
            + b"\r\n")
    for request in (big, many):
        assert raw(platform.port(service), request) == 431
    ordinary = b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Token: " + b"a" * 8000 + b"\r\n\r\n"
    assert raw(platform.port(service), ordinary) == 200
    assert http.get(platform.url(service, "/livez")).status_code == 200


QUERY_CASES = [
    ("intake", "/v1/track/AAAA-BBBB-CCCC", {}, 404),
    ("intake", "/v1/inquiries", {"Authorization": "operator"}, 422),  # the 3,000-character kind
    ("intake", "/open311/v2/requests.json", {}, (200, 403)),
    ("routing", "/v1/routing/explain", {}, (200, 422)),
    ("routing", "/v1/deadlines/calculate", {}, 422),
    ("reporting", "/v1/aggregates", {"Authorization": f"Bearer {OPERATOR_TOKEN}"}, (200, 422)),
    ("reporting", "/v1/inquiries", {"Authorization": f"Bearer {OPERATOR_TOKEN}"}, (200, 422)),
]


@pytest.mark.parametrize(("service", "path", "headers", "status"), QUERY_CASES,
                         ids=[f"{c[0]}{c[1]}" for c in QUERY_CASES])
def test_many_query_parameters(platform: Platform, http: httpx.Client, service: str, path: str,
                               headers: dict[str, str], status: int | tuple[int, ...]) -> None:
    if headers.get("Authorization") == "operator":
        headers = {"Authorization": f"Bearer {platform.keys['operator']}"}
    query = "&".join(f"p{i}=v" for i in range(2000)) + "&kind=" + "k" * 3000
    response = http.get(platform.url(service, f"{path}?{query}"), headers=headers)
    assert response.status_code in (status if isinstance(status, tuple) else (status,)), response.text[:300]


@pytest.mark.parametrize(("path", "params"), [
    ("/v1/inquiries", {"page_size": "1000000000"}), ("/v1/inquiries", {"page_size": "-1"}),
    ("/v1/inquiries", {"page_token": "\u0000" * 10}), ("/v1/inquiries", {"received_from": "2026-13-45"}),
    ("/v1/aggregates", {"period": "range", "from": "0001-01-01", "to": "9999-12-31"}),
    ("/v1/aggregates", {"at": "9999-12-31"}), ("/v1/aggregates", {"by": "'; drop table inquiries; --"}),
    ("/v1/ranking", {"min_volume": "-5"}), ("/v1/reports", {"limit": "99999999999999999999"}),
])
def test_reporting_odd_parameters(platform: Platform, http: httpx.Client, path: str,
                                  params: dict[str, str]) -> None:
    response = http.get(platform.url("reporting", path), params=params,
                        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
    assert response.status_code in (200, 422), response.text[:300]


# --- Unicode normalisation -------------------------------------------------------------------------------

def _as(form: str, document: dict[str, object]) -> dict[str, object]:
    return {k: unicodedata.normalize(form, v) if isinstance(v, str) else v for k, v in document.items()}  # type: ignore[arg-type]


@pytest.mark.parametrize("caller", ["anonymous", "press_agency"])
def test_nfc_and_nfd_of_the_same_text_are_the_same_idempotent_inquiry(
        platform: Platform, http: httpx.Client, caller: str) -> None:
    document = FEEDBACK if caller == "anonymous" else PRESS_REQUEST
    nfc, nfd = _as("NFC", document), _as("NFD", document)
    assert json.dumps(nfc) != json.dumps(nfd)
    headers = {"Idempotency-Key": f"nfc-nfd-{uuid.uuid4()}"}
    if caller != "anonymous":
        headers["Authorization"] = f"Bearer {platform.keys[caller]}"
    first = http.post(platform.url("intake", "/v1/inquiries"), json=nfc, headers=headers)
    second = http.post(platform.url("intake", "/v1/inquiries"), json=nfd, headers=headers)
    assert (first.status_code, second.status_code) == (202, 202), second.text
    assert first.json()["inquiry_id"] == second.json()["inquiry_id"]
    assert first.json()["tracking_code"] == second.json()["tracking_code"]
