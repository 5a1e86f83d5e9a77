"""The HTTP edge under a slowloris, on a real uvicorn server with real sockets: heads have a deadline,
connections are capped per process and per client address (proxies aside), refusals are logged."""

from __future__ import annotations

import asyncio
import logging
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from citycomm_common.http_server import uvicorn_options
from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from tests.e2e.conftest import serve_in_thread

HEAD = b"GET /livez HTTP/1.1\r\nHost: intake\r\n"  # never finished: a slowloris
ATTACKER, PROXY = "127.0.0.2", "127.0.0.5"  # other loopback sources than the probes' 127.0.0.1


HOLDING: list[float] = []  # requests being served by /hold


@contextmanager
def edge(**settings: Any) -> Iterator[int]:
    api = FastAPI()

    @api.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/hold")
    async def hold(seconds: float) -> dict[str, str]:
        HOLDING.append(seconds)  # a request being served, for as long as the test needs
        await asyncio.sleep(seconds)
        return {"status": "ok"}

    port = free_port()
    with serve_in_thread(api, port, **uvicorn_options(CommonSettings(**settings))):
        yield port


def connect(port: int, source: str, count: int) -> list[socket.socket]:
    connections = []
    for _ in range(count):
        connection = socket.socket()
        connection.bind((source, 0))
        connection.connect(("127.0.0.1", port))
        connections.append(connection)
    return connections


def read_to_close(connection: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := connection.recv(4096):
            data += chunk
    except OSError:
        pass
    return data


def closures(connections: list[socket.socket], seconds: float,
             send: bytes = b"") -> dict[socket.socket, tuple[float, bytes]]:
    """Watch the connections for `seconds` (sending `send` on each every 0.2 s, a trickle): when
    each was closed by the server, and what it had answered."""
    start, closed = time.monotonic(), dict[socket.socket, tuple[float, bytes]]()
    while time.monotonic() - start < seconds and len(closed) < len(connections):
        open_ = [c for c in connections if c not in closed]
        for connection in open_ if send else ():
            try:
                connection.send(send)
            except OSError:
                closed[connection] = (time.monotonic() - start, b"")
        readable, _, _ = select.select([c for c in open_ if c not in closed], [], [], 0.2)
        for connection in readable:
            closed[connection] = (time.monotonic() - start, read_to_close(connection))
    return closed


def read_to_close_or_answer(connection: socket.socket) -> bytes:
    connection.settimeout(10)
    return connection.recv(4096)


def livez(port: int) -> int:
    return httpx.get(f"http://127.0.0.1:{port}/livez", timeout=2).status_code


def test_trickled_heads_are_cut_at_the_deadline_while_probes_are_answered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING), edge(http_head_timeout_seconds=3.0,
                                                 http_max_connections_per_address=20) as port:
        attack = connect(port, ATTACKER, 30)
        for connection in attack:
            connection.sendall(HEAD)
        silent = connect(port, "127.0.0.4", 5)  # connect and never send a byte
        refused = closures(attack, seconds=1.5)
        # over the 20 one address may hold: closed as soon as accepted, without an answer
        assert len(refused) == 10 and all(data == b"" for _, data in refused.values())
        held = [c for c in attack if c not in refused]
        assert livez(port) == 200  # the probes' address is not the attacker's
        closed = closures(held, seconds=8, send=b"x")
        closed_silent = closures(silent, seconds=2)  # opened with the others: due by now
        assert livez(port) == 200
    assert len(closed) == 20, "a trickling connection outlived the head deadline"
    assert len(closed_silent) == 5, "a silent connection outlived the head deadline"
    assert all(at <= 6.0 and data.startswith(b"HTTP/1.1 408 ") for at, data in closed.values())
    logged = caplog.text
    assert "no complete request head within 3 s" in logged
    assert f"connection from {ATTACKER} at once: 20 connections from this address" in logged
    assert logged.count("no complete request head") == 1  # a flood is one line a minute


def test_a_full_process_closes_the_longest_waiting_head_so_probes_still_get_in(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING), edge(http_head_timeout_seconds=30, http_max_connections=40,
                                                 http_max_connections_per_address=1000) as port:
        idle = connect(port, ATTACKER, 39)  # connect and say nothing, as a slowloris does
        assert livez(port) == 200  # answered: the 39 were taken in before what follows
        idle += connect(port, ATTACKER, 1)  # the process is full
        late = connect(port, "127.0.0.3", 1)
        assert livez(port) == 200 and livez(port) == 200  # full, yet each probe gets in at once
        gone = closures(idle + late, seconds=1.0)
    # Each newcomer (127.0.0.3, the probes) closed the connection that had waited longest.
    assert len(gone) >= 2 and late[0] not in gone and all(c.getsockname()[0] == ATTACKER for c in gone)
    assert "that had waited longest for its request head" in caplog.text


def test_a_process_whose_connections_are_all_busy_closes_new_ones(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), edge(http_max_connections=10,
                                                 http_max_connections_per_address=1000) as port:
        busy = connect(port, ATTACKER, 10)
        HOLDING.clear()
        for connection in busy:
            connection.sendall(b"GET /hold?seconds=3 HTTP/1.1\r\nHost: x\r\n\r\n")
        wait_for(lambda: len(HOLDING) == 10, 5, "the server to serve the 10 requests")
        late = connect(port, "127.0.0.3", 1)
        assert [data for _, data in closures(late, seconds=1.0).values()] == [b""]
        assert all(read_to_close_or_answer(c).startswith(b"HTTP/1.1 200 ") for c in busy)
    assert "10 connections are open and busy, the most this process takes" in caplog.text


def test_trusted_proxies_carry_many_clients_and_are_not_capped_per_address() -> None:
    with edge(trusted_proxies=PROXY, http_max_connections_per_address=5) as port:
        via_proxy, direct = connect(port, PROXY, 10), connect(port, ATTACKER, 10)
        assert closures(via_proxy, seconds=0.5) == {} and len(closures(direct, seconds=0.5)) == 5
        for connection in via_proxy:
            connection.sendall(b"GET /livez HTTP/1.1\r\nHost: intake\r\nConnection: close\r\n\r\n")
        assert all(read_to_close(c).startswith(b"HTTP/1.1 200 ") for c in via_proxy)
