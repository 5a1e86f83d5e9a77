"""Bounds on what a request may carry: body size (also when chunked) and JSON nesting depth."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citycomm_intake.entrypoints.problems import problem


def json_depth(body: bytes) -> int:
    """Deepest nesting of [ and { outside strings; cheap, and safe from recursion limits."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


class BodyLimits:
    """Reads the body up front (it is small by construction) and refuses it whole when too big or deep."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_depth: int,
                 larger: dict[str, int] | None = None,
                 pages: Mapping[str, Callable[[Scope, int], Response]] | None = None) -> None:
        self.app, self.max_bytes, self.max_depth = app, max_bytes, max_depth
        self.larger = larger or {}  # paths that carry many items (a briefing's questions)
        self.pages = pages or {}  # paths people post forms to: their refusal is a page to read

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, send, 413, "Request body too large", f"At most {limit} bytes.")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if _is_json(scope) and json_depth(body) > self.max_depth:
            await self._refuse(
                scope, send, 422, "Invalid request", f"JSON nested deeper than {self.max_depth}."
            )
            return
        await self.app(scope, _replay(body, receive), send)

    async def _refuse(self, scope: Scope, send: Send, status: int, title: str, detail: str) -> None:
        page = self.pages.get(scope["path"])
        response = page(scope, status) if page else problem(status, title, detail)

        async def nothing() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        await response(scope, nothing, send)


def _is_json(scope: Scope) -> bool:
    headers = dict(scope.get("headers", []))
    return b"json" in headers.get(b"content-type", b"application/json").lower()


def _replay(body: bytes, original: Receive) -> Any:
    """The body once, then the real channel (so a client's disconnect is still seen)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
