"""The other notifications workers, as operator views need them.

Each worker holds the deliveries of its own partitions, so a view of all dead letters or of an
agency's delivery log asks every member of the consumer group. faust shares each member's
`canonical_url` (CITYCOMM_ADVERTISED_URL) in the group's assignment metadata; that is where the
member list comes from. Peers are asked with `local=true`, so a question never travels further.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from citycomm_notifications.service_layer.ports import Gathered

LOCAL = {"local": "true"}


class Peers:
    def __init__(self, members: Callable[[], Iterable[str]], token: str, timeout: float = 5.0) -> None:
        self._members, self._token, self._timeout = members, token, timeout
        self._client: httpx.AsyncClient | None = None

    def urls(self) -> list[str]:
        return sorted({url.rstrip("/") for url in self._members()})

    async def ask(self, method: str, path: str, *, params: dict[str, str] | None = None,
                  body: Any = None) -> Gathered:
        """The same operator request, on every other worker at once."""
        urls = self.urls()
        if not urls:
            return Gathered()
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout, trust_env=False, follow_redirects=False,
                                             headers={"authorization": f"Bearer {self._token}"})
        client = self._client
        calls = [client.request(method, f"{url}{path}", params={**(params or {}), **LOCAL}, json=body)
                 for url in urls]
        gathered = Gathered()
        for url, answer in zip(urls, await asyncio.gather(*calls, return_exceptions=True), strict=True):
            if isinstance(answer, httpx.Response) and answer.is_success:
                gathered.answers.append(answer.json())
            elif isinstance(answer, httpx.Response) and answer.status_code == 404:
                gathered.not_found += 1
            else:
                gathered.missing.append(url)
        return gathered

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
