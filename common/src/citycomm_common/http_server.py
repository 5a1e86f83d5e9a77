"""uvicorn with a bound on request heads: the httptools parser accepts headers of any size.

Measured with uvicorn 0.54 / httptools 0.9: a 2 MB header line was read and answered 200, so a
client could make a service hold as much as it cares to send before any route runs. This
protocol counts the bytes of a request head (request line and headers) as they arrive and
answers 431 with a problem body once they pass `max_head_bytes` (32 KiB by default, the size of
nginx's default `large_client_header_buffers`). Bodies are bounded elsewhere (per route).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 32 * 1024


class HeadTooLarge(Exception):
    """Raised from a parser callback to stop a request whose head is over the bound."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing request heads larger than `max_head_bytes`."""

    max_head_bytes = MAX_HEAD_BYTES

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes, self._reading_head, self._crossed = 0, True, False

    def on_headers_complete(self) -> None:
        self._reading_head, self._crossed = False, True
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.max_head_bytes:  # a head that came whole in one chunk: measured here
            self._too_large = True
            raise HeadTooLarge  # httptools turns it into a parser error; uvicorn answers below
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if getattr(self, "_too_large", False):
            self._refuse_head()
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
            self._refuse_head()

    def _refuse_head(self) -> None:
        if self.transport.is_closing():
            return
        problem = json.dumps({"type": "about:blank", "title": "Request Header Fields Too Large",
                              "status": 431, "detail": f"The request line and headers exceed "
                              f"{self.max_head_bytes} bytes."}).encode()
        self.transport.write(b"".join([
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
            b"content-type: application/problem+json\r\n",
            b"content-length: " + str(len(problem)).encode() + b"\r\n",
            b"connection: close\r\n\r\n", problem]))
        self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """Options every CityComm HTTP server passes to uvicorn (intake directly, the stream
    services through faust's serve_asgi)."""
    return {"http": BoundedHttpToolsProtocol}
