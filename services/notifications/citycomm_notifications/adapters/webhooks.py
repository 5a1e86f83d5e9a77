"""Standard Webhooks delivery: signed with every current secret, POSTed without following redirects."""

from __future__ import annotations

import ipaddress
import json
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
from standardwebhooks import Webhook

from citycomm_notifications.domain.payloads import moment as payload_moment


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
    return json.dumps({"type": event_type, "timestamp": payload_moment(moment), "data": data},
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
    slow with many agencies); timeouts bound each phase, redirects are never followed.

    Given the addresses the egress policy checked, a request goes to one of them, never to a fresh
    DNS answer: the URL carries the address, the `Host` header the original host, and for https the
    original name is the TLS server name (SNI) and the name the certificate is verified against
    (httpcore's `sni_hostname` request extension). httpcore reuses a kept-alive connection only for
    the same scheme, address and port (and a pool serves one URL, so one name), so reuse never
    reaches an address that was not checked."""

    def __init__(self, connect_timeout: float, read_timeout: float, max_connections: int = 4,
                 verify: ssl.SSLContext | bool = True,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._limits = httpx.Limits(max_connections=max_connections,
                                    max_keepalive_connections=max_connections)
        self._verify, self._transport = verify, transport  # a CA of the tests; a fake network
        self._pools: dict[str, httpx.AsyncClient] = {}

    def _pool(self, url: str) -> httpx.AsyncClient:
        if url not in self._pools:
            self._pools[url] = httpx.AsyncClient(
                timeout=self._timeout, limits=self._limits, follow_redirects=False, trust_env=False,
                verify=self._verify, transport=self._transport,
                headers={"user-agent": "CityComm-Webhooks/1"})
        return self._pools[url]

    async def post(self, url: str, headers: dict[str, str], payload: str,
                   addresses: Sequence[str] = ()) -> Attempt:
        """POST `payload` to `url`, connecting only to `addresses` (EgressPolicy.check); without them
        httpx resolves the name itself, which only tools and tests do: delivery always pins."""
        started = time.perf_counter()
        try:
            response = await self._send(url, headers, payload.encode(), addresses)
        except httpx.HTTPError as exc:
            return Attempt(0, (time.perf_counter() - started) * 1000, error=f"{type(exc).__name__}: {exc}")
        return Attempt(response.status_code, (time.perf_counter() - started) * 1000,
                       error=_error(response), retry_after=response.headers.get("retry-after"))

    async def _send(self, url: str, headers: dict[str, str], content: bytes,
                    addresses: Sequence[str]) -> httpx.Response:
        pool = self._pool(url)
        if not addresses:
            return await pool.post(url, content=content, headers=headers)
        named = httpx.URL(url)
        headers = {k: v for k, v in headers.items() if k.lower() != "host"}
        headers["host"] = named.netloc.decode("ascii")  # host[:port], IPv6 in brackets, IDNA-encoded
        extensions = {"sni_hostname": named.raw_host.decode("ascii")}
        tries = _one_per_family(addresses)
        for address in tries[:-1]:
            try:
                return await pool.post(named.copy_with(host=address), content=content, headers=headers,
                                       extensions=extensions)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                continue  # nothing was sent: the other address family may be reachable
        return await pool.post(named.copy_with(host=tries[-1]), content=content, headers=headers,
                               extensions=extensions)

    async def close(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()


def _one_per_family(addresses: Sequence[str]) -> list[str]:
    """The first address, then the first of the other IP version if there is one: what a dual-stack
    name needs when one version is not routed here, without paying a connect timeout per address."""
    first: dict[int, str] = {}
    for address in addresses:
        first.setdefault(ipaddress.ip_address(address).version, address)
    return list(first.values())
