"""Request heads are bounded (431), bodies and ordinary heads pass, on a real uvicorn server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI, Request

from citycomm_common.http_server import MAX_HEAD_BYTES, uvicorn_options
from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import free_port
from tests.e2e.conftest import serve_in_thread


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    api = FastAPI()

    @api.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"body": len(await request.body())}

    port = free_port()
    with serve_in_thread(api, port, **uvicorn_options(CommonSettings())):
        yield f"http://127.0.0.1:{port}"


def test_ordinary_heads_and_large_bodies_pass(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        for _ in range(3):  # keep-alive: the count starts again with each request
            answer = client.post("/echo", content=b"x" * 1_000_000, headers={"x-token": "t" * 8000})
            assert answer.status_code == 200 and answer.json() == {"body": 1_000_000}


def test_a_head_over_the_bound_gets_431_problem_details(base_url: str) -> None:
    answer = httpx.post(f"{base_url}/echo", headers={"x-big": "a" * (MAX_HEAD_BYTES + 1)})
    assert answer.status_code == 431
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 431


def test_a_head_trickled_in_small_pieces_is_cut_off_at_the_bound(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        for _ in range(10 * MAX_HEAD_BYTES // 1000):  # never ending the head: 10x the bound
            try:
                connection.sendall(b"x-more: " + b"b" * 990 + b"\r\n")
            except OSError:  # the server closed: it refused the head
                break
            connection.settimeout(0.001)
            try:
                answer += connection.recv(4096)
            except (TimeoutError, BlockingIOError):
                continue
            if answer:
                break
        connection.settimeout(10)
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:100]
