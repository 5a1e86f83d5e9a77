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
    """One pooled HTTP client; timeouts bound each phase, redirects are never followed."""

    def __init__(self, connect_timeout: float, read_timeout: float, max_connections: int = 200) -> None:
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        self._http = httpx.AsyncClient(timeout=timeout, follow_redirects=False, limits=limits,
                                       headers={"user-agent": "CityComm-Webhooks/1"}, trust_env=False)

    async def post(self, url: str, headers: dict[str, str], payload: str) -> Attempt:
        started = time.perf_counter()
        try:
            response = await self._http.post(url, content=payload.encode(), headers=headers)
        except httpx.HTTPError as exc:
            return Attempt(0, (time.perf_counter() - started) * 1000, error=f"{type(exc).__name__}: {exc}")
        return Attempt(response.status_code, (time.perf_counter() - started) * 1000,
                       error=_error(response), retry_after=response.headers.get("retry-after"))

    async def close(self) -> None:
        await self._http.aclose()
