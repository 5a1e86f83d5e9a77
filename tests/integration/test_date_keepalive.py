"""A date past the calendar's end gets a 422 on a kept-alive connection, which then serves the next
request (it used to be a 500, after which uvicorn dropped the connection)."""

from __future__ import annotations

import socket

from fastapi import FastAPI

from citycomm_common import problems
from citycomm_common.http_server import uvicorn_options
from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import free_port
from citycomm_routing.entrypoints.deadlines_api import deadlines_router
from tests.e2e.conftest import serve_in_thread
from tests.unit.test_routing_http import CONTAINER

CALCULATE = "/v1/deadlines/calculate?kind=information_request&channel=electronic&received_at="


def _answer(sock: socket.socket, buffer: bytes) -> tuple[int, bytes, bytes]:
    """(status, body, what was read past it) of one HTTP/1.1 answer with a Content-Length."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    length = next(int(v) for k, _, v in (line.partition(": ") for line in lines[1:])
                  if k.lower() == "content-length")
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        rest += chunk
    return int(lines[0].split()[1]), rest[:length], rest[length:]


def test_an_extreme_date_is_a_422_and_the_connection_stays_open() -> None:
    app = FastAPI()
    problems.install(app)
    app.include_router(deadlines_router(CONTAINER.deadlines))
    port = free_port()
    with serve_in_thread(app, port, **uvicorn_options(CommonSettings())), \
            socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        buffer = b""
        answers = []
        for received_at in ("9999-12-31T23:59", "0001-01-01T00:00:00%2B14:00", "2026-02-13T16:00"):
            sock.sendall(f"GET {CALCULATE}{received_at} HTTP/1.1\r\nHost: routing\r\n\r\n".encode())
            status, body, buffer = _answer(sock, buffer)
            answers.append((status, b"received_at" in body))
        assert answers == [(422, True), (422, True), (200, True)]
