"""The HTTP edge of every service: uvicorn with bounds that httptools and uvicorn do not set.

- Request heads are bounded in size. Measured with uvicorn 0.54 / httptools 0.9: a 2 MB header line
  was read and answered 200, so a client could make a service hold as much as it cares to send
  before any route runs. The protocol counts the bytes of a request head (request line and
  headers) as they arrive and answers 431 with a problem body once they pass `max_head_bytes`
  (32 KiB by default, the size of nginx's default `large_client_header_buffers`). Bodies are
  bounded elsewhere (per route).
- Request heads are bounded in time. uvicorn sets no deadline for reading a head (its keep-alive
  timeout runs only between requests, not before the first byte nor while a head trickles in), so
  ~20,000 connections trickling a header byte now and then held intake until it ran out of file
  descriptors. A head must now be complete within `head_timeout` of the connection (or of the
  first byte of a later request on it); then the client gets 408 and the connection is closed.
- Connections are bounded in number, per process and per client address (trusted proxies are not
  counted: every client behind them shares their address). A connection beyond either bound is
  closed as soon as it is accepted. uvicorn's `limit_concurrency` would not do: it answers 503
  only once a request head has been parsed, and counts nothing before.

Each refusal is logged, at most one line a minute of each kind (citycomm_common.throttled_log).
"""

from __future__ import annotations

import asyncio
import json
import logging
import resource
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from citycomm_common.clients import TrustedProxies
from citycomm_common.settings import CommonSettings
from citycomm_common.throttled_log import ThrottledLog

MAX_HEAD_BYTES = 32 * 1024
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EdgeLimits:
    max_head_bytes: int = MAX_HEAD_BYTES
    head_timeout: float = 10.0
    max_connections: int = 2048
    max_connections_per_address: int = 64
    trusted: TrustedProxies = field(default_factory=TrustedProxies)

    @classmethod
    def from_settings(cls, settings: CommonSettings) -> EdgeLimits:
        return cls(head_timeout=settings.http_head_timeout_seconds,
                   max_connections=within_descriptor_limit(settings.http_max_connections),
                   max_connections_per_address=settings.http_max_connections_per_address,
                   trusted=TrustedProxies(settings.trusted_proxies))


def within_descriptor_limit(wanted: int) -> int:
    """`wanted`, or less when the process may not open that many files with room for the rest
    (Kafka, database and gRPC sockets, files): connections must be refused before accept fails."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    room = soft - max(256, soft // 4)
    if wanted > room:
        log.warning("CITYCOMM_HTTP_MAX_CONNECTIONS=%d is above what the file descriptor limit "
                    "(ulimit -n %d) leaves room for: %d connections at most", wanted, soft, room)
    return max(1, min(wanted, room))


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop a request whose head is over the bound."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the bounds above; `bounded_protocol` makes one per server
    (the connection counts are per server)."""

    limits: ClassVar[EdgeLimits] = EdgeLimits()
    per_address: ClassVar[Counter[str]] = Counter()
    refusals: ClassVar[ThrottledLog] = ThrottledLog(log)

    @property
    def max_head_bytes(self) -> int:
        return self.limits.max_head_bytes

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes, self._reading_head, self._crossed = 0, True, False
        self._head_timer: asyncio.TimerHandle | None = None
        self._address = self.client[0] if self.client else ""
        self._counted = self._address not in self.limits.trusted
        if self._counted:
            self.per_address[self._address] += 1
        if len(self.connections) > self.limits.max_connections:
            self._refuse_connection("connections", "%d connections are open, the most this process "
                                    "takes (CITYCOMM_HTTP_MAX_CONNECTIONS)", len(self.connections) - 1)
        elif self._counted and self.per_address[self._address] > self.limits.max_connections_per_address:
            self._refuse_connection("address", "%d connections from this address are open, the most "
                                    "it may have (CITYCOMM_HTTP_MAX_CONNECTIONS_PER_ADDRESS)",
                                    self.per_address[self._address] - 1)
        else:
            self._start_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_deadline()
        if self._counted:
            self.per_address[self._address] -= 1
            if self.per_address[self._address] <= 0:
                del self.per_address[self._address]
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_head_deadline()  # a later request on the connection: its own deadline

    def on_headers_complete(self) -> None:
        self._stop_head_deadline()
        self._reading_head, self._crossed = False, True
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.max_head_bytes:  # a head that came whole in one chunk: measured here
            self._too_large = True
            raise HeadTooLarge  # httptools turns it into a parser error; uvicorn answers below
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if getattr(self, "_too_large", False):
            self._refuse_head(431, "Request Header Fields Too Large",
                              f"The request line and headers exceed {self.max_head_bytes} bytes.")
        else:
            super().send_400_response(msg)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._head_bytes, self._reading_head, self._crossed = 0, True, True

    def data_received(self, data: bytes) -> None:
        self._crossed = False
        super().data_received(data)
        if not self._reading_head or self._crossed or self.transport.is_closing():
            return  # a head or message ended in this chunk: what follows is at most this chunk
        # The chunk neither ended a head nor a message while a head was being read: all of it was
        # head (the parser keeps at most this chunk of it). Count it; refuse past the bound.
        self._head_bytes += len(data)
        if self._head_bytes > self.max_head_bytes:
            self._refuse_head(431, "Request Header Fields Too Large",
                              f"The request line and headers exceed {self.max_head_bytes} bytes.")

    def _start_head_deadline(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.limits.head_timeout, self._head_too_slow)

    def _stop_head_deadline(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        self.refusals.warning("head_timeout", "closed a connection from %s: no complete request "
                              "head within %g s (CITYCOMM_HTTP_HEAD_TIMEOUT_SECONDS)", self._address,
                              self.limits.head_timeout)
        if self.cycle is not None and not self.cycle.response_complete:
            self.transport.close()  # an answer is being written: no room for another
        else:
            self._refuse_head(408, "Request Timeout", f"The request line and headers did not "
                              f"arrive within {self.limits.head_timeout:g} seconds.")

    def _refuse_connection(self, kind: str, why: str, *args: object) -> None:
        self.refusals.warning(kind, "closed a new connection from %s at once: " + why,
                              self._address, *args)
        self.transport.close()

    def _refuse_head(self, status: int, title: str, detail: str) -> None:
        if self.transport.is_closing():
            return
        problem = json.dumps({"type": "about:blank", "title": title, "status": status,
                              "detail": detail}).encode()
        self.transport.write(b"".join([
            f"HTTP/1.1 {status} {title}\r\n".encode(),
            b"content-type: application/problem+json\r\n",
            b"content-length: " + str(len(problem)).encode() + b"\r\n",
            b"connection: close\r\n\r\n", problem]))
        self.transport.close()


def bounded_protocol(limits: EdgeLimits) -> type[BoundedHttpToolsProtocol]:
    """The protocol class for one server: its limits, its own connection counts."""
    attributes = {"limits": limits, "per_address": Counter(), "refusals": ThrottledLog(log)}
    return type("EdgeHttpProtocol", (BoundedHttpToolsProtocol,), attributes)


def uvicorn_options(settings: CommonSettings) -> dict[str, Any]:
    """Options every CityComm HTTP server passes to uvicorn (intake directly, the stream
    services through faust's serve_asgi): the bounded protocol, and whose forwarding headers count."""
    limits = EdgeLimits.from_settings(settings)
    return {"http": bounded_protocol(limits), **limits.trusted.uvicorn_options()}
