"""Who is asking: the principal of an API key, or an anonymous citizen held to a per-address limit."""

from __future__ import annotations

from citycomm_common.clients import client_key
from citycomm_intake.domain.errors import RateLimited, Unauthenticated
from citycomm_intake.domain.principals import CITIZEN, Principal
from citycomm_intake.domain.rate_limit import RateLimiter
from citycomm_intake.service_layer.ports import Keys


async def limit_citizen(citizens: RateLimiter, address: str) -> None:
    """Count an anonymous request against its client's limit (REST, Open311 and gRPC alike)."""
    verdict = await citizens.hit(client_key(address))
    if not verdict.allowed:
        raise RateLimited(
            "Too many requests from this address; slow down.",
            "Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau.",
            retry_after=verdict.retry_after,
        )


class Callers:
    def __init__(self, *, keys: Keys, citizens: RateLimiter) -> None:
        self.keys, self.citizens = keys, citizens

    async def authenticate(self, presented: str | None) -> Principal:
        """The key's principal; no key at all is a citizen (not counted: see `identify`)."""
        if not presented:
            return CITIZEN
        principal = await self.keys.authenticate(presented)
        if principal is None:
            raise Unauthenticated(
                "The API key is unknown or revoked.", "Khóa API không hợp lệ hoặc đã bị thu hồi."
            )
        return principal

    async def identify(self, presented: str | None, address: str) -> Principal:
        """As `authenticate`, and an anonymous caller counts against the limit of its address."""
        principal = await self.authenticate(presented)
        if principal.anonymous:
            await self.limit_citizen(address)
        return principal

    async def limit_citizen(self, address: str) -> None:
        await limit_citizen(self.citizens, address)
