"""Whose API key a call carries, asked of intake (the keys are intake's: GET /v1/me with the same
header) and remembered a few seconds as intake itself does (design §7: a revoked key works that
long). One client for every service with self-service calls (notifications' webhook log and ping,
routing's endpoint URL and secret rotation; decisions 0078, 0094)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

# The roles that receive webhooks and so serve themselves.
SELF_SERVING_ROLES = frozenset({"agency", "press_agency", "press_center"})


@dataclass(frozen=True)
class Caller:
    """An API key's holder, as intake knows it."""

    role: str
    party_id: str

    @property
    def serves_itself(self) -> bool:
        return self.role in SELF_SERVING_ROLES and bool(self.party_id)


Identify = Callable[[str], Awaitable[Caller | None]]  # an Authorization header → its holder (None: no key)


class KeysUnavailable(Exception):
    """Intake, which holds the keys, did not answer: the caller cannot be told apart."""


class IntakeCallers:
    def __init__(self, intake_url: str, *, cache_seconds: float = 5.0, timeout: float = 3.0) -> None:
        self._client = httpx.AsyncClient(base_url=intake_url.rstrip("/"), timeout=timeout)
        self._cache_seconds = cache_seconds
        self._known: dict[str, tuple[float, Caller | None]] = {}

    async def identify(self, authorization: str) -> Caller | None:
        """The key's holder; None for no key or one intake refuses (KeysUnavailable: intake is down)."""
        if not authorization:
            return None
        now = time.monotonic()
        known = self._known.get(authorization)
        if known is not None and now - known[0] < self._cache_seconds:
            return known[1]
        try:
            answer = await self._client.get("/v1/me", headers={"Authorization": authorization})
        except httpx.HTTPError as exc:
            raise KeysUnavailable(str(exc)) from exc
        if answer.status_code >= 500:
            raise KeysUnavailable(f"intake answered {answer.status_code}")
        found = answer.json() if answer.status_code == 200 else None
        caller = Caller(str(found["role"]), str(found["party_id"] or "")) if found else None
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[authorization] = (now, caller)
        return caller

    async def close(self) -> None:
        await self._client.aclose()
