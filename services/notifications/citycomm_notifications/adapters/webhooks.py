"""Standard Webhooks delivery: signed with every current secret, POSTed without following redirects."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
from standardwebhooks import Webhook

from citycomm_common.codec import rfc3339


@dataclass(frozen=True)
class Attempt:
    status_code: int  # 0: no HTTP answer (connection error, timeout, refused target)
    latency_ms: float
    error: str = ""
    retry_after: str | None = None

    @property
    def succeeded(self) -> bool:
        return 200 <= self.status_code < 300


def body(event_type: str, moment: datetime, data: dict[str, object]) -> str:
    return json.dumps({"type": event_type, "timestamp": rfc3339(moment), "data": data},
                      ensure_ascii=False, separators=(",", ":"))


def signed_headers(webhook_id: str, moment: datetime, payload: str, secrets: list[str]) -> dict[str, str]:
    """Headers of a signed message; several secrets (a rotation) give several signatures."""
    signatures = " ".join(Webhook(s).sign(webhook_id, moment, payload) for s in secrets)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signatures,
        "content-type": "application/json",
    }


def _error(response: httpx.Response) -> str:
    if response.is_redirect:
        return f"redirect to {response.headers.get('location', '?')} not followed"
    return "" if response.is_success else f"HTTP {response.status_code}"


class WebhookClient:
    """One small pool per endpoint URL (httpcore scans a pool per request, so one big pool is
    slow with many agencies); timeouts bound each phase, redirects are never followed."""

    def __init__(self, connect_timeout: float, read_timeout: float, max_connections: int = 4) -> None:
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._limits = httpx.Limits(max_connections=max_connections,
                                    max_keepalive_connections=max_connections)
        self._pools: dict[str, httpx.AsyncClient] = {}

    def _pool(self, url: str) -> httpx.AsyncClient:
        if url not in self._pools:
            self._pools[url] = httpx.AsyncClient(
                timeout=self._timeout, limits=self._limits, follow_redirects=False, trust_env=False,
                headers={"user-agent": "CityComm-Webhooks/1"})
        return self._pools[url]

    async def post(self, url: str, headers: dict[str, str], payload: str) -> Attempt:
        started = time.perf_counter()
        try:
            response = await self._pool(url).post(url, content=payload.encode(), headers=headers)
        except httpx.HTTPError as exc:
            return Attempt(0, (time.perf_counter() - started) * 1000, error=f"{type(exc).__name__}: {exc}")
        return Attempt(response.status_code, (time.perf_counter() - started) * 1000,
                       error=_error(response), retry_after=response.headers.get("retry-after"))

    async def close(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()
