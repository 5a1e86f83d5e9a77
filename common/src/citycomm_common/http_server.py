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
  counted: every client behind them shares their address). A connection beyond its address's bound
  is closed as soon as it is accepted. Beyond the process's bound, the connection that has waited
  longest for its request head is closed to make room (a slow client gives way, so probes and real
  requests still get in while a slowloris fills the process); only when every connection is busy
  with a request is the new one closed. uvicorn's `limit_concurrency` would not do: it answers 503
  only once a request head has been parsed, and counts nothing before.

Each refusal is logged, at most one line a minute of each kind (citycomm_common.throttled_log).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter, OrderedDict
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from citycomm_common.edge_limits import MAX_HEAD_BYTES, EdgeLimits
from citycomm_common.settings import CommonSettings
from citycomm_common.throttled_log import ThrottledLog

__all__ = ["MAX_HEAD_BYTES", "BoundedHttpToolsProtocol", "EdgeLimits", "bounded_protocol", "uvicorn_options"]
log = logging.getLogger(__name__)


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop a request whose head is over the bound."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the bounds above; `bounded_protocol` makes one per server
    (the connection counts are per server)."""

    limits: ClassVar[EdgeLimits] = EdgeLimits()
    per_address: ClassVar[Counter[str]] = Counter()
    waiting: ClassVar[OrderedDict[BoundedHttpToolsProtocol, float]] = OrderedDict()  # for a head, since
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
        if self._counted and self.per_address[self._address] > self.limits.max_connections_per_address:
            self._refuse_connection("address", "%d connections from this address are open, the most "
                                    "it may have (CITYCOMM_HTTP_MAX_CONNECTIONS_PER_ADDRESS)",
                                    self.per_address[self._address] - 1)
        elif len(self.connections) > self.limits.max_connections and not self._make_room():
            self._refuse_connection("connections", "%d connections are open and busy, the most this "
                                    "process takes (CITYCOMM_HTTP_MAX_CONNECTIONS)",
                                    len(self.connections) - 1)
        else:
            self._start_head_deadline()

    def _make_room(self) -> bool:
        """Close the connection that has waited longest for its request head, if one is waiting."""
        if not self.waiting:
            return False
        oldest, since = next(iter(self.waiting.items()))
        oldest._stop_head_deadline()
        self.refusals.warning("make_room", "closed the connection from %s that had waited longest for "
                              "its request head (%.1f s) to make room: %d connections are open, the most "
                              "this process takes (CITYCOMM_HTTP_MAX_CONNECTIONS)", oldest._address,
                              self.loop.time() - since, len(self.connections) - 1)
        oldest.transport.close()
        return True

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
            self.waiting[self] = self.loop.time()

    def _stop_head_deadline(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        self.waiting.pop(self, None)

    def _head_too_slow(self) -> None:
        self._stop_head_deadline()
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
    attributes = {"limits": limits, "per_address": Counter(), "waiting": OrderedDict(),
                  "refusals": ThrottledLog(log)}
    return type("EdgeHttpProtocol", (BoundedHttpToolsProtocol,), attributes)


def uvicorn_options(settings: CommonSettings) -> dict[str, Any]:
    """Options every CityComm HTTP server passes to uvicorn (intake directly, the stream
    services through faust's serve_asgi): the bounded protocol, and whose forwarding headers count."""
    limits = EdgeLimits.from_settings(settings)
    return {"http": bounded_protocol(limits), **limits.trusted.uvicorn_options()}
