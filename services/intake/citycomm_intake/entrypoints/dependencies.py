"""FastAPI dependencies: the wired services, the caller, rate limits, Prefer and Idempotency-Key."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from citycomm_common.clients import client_key
from citycomm_intake.bootstrap import Services
from citycomm_intake.domain.errors import RateLimited, Unauthenticated
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.rate_limit import RateLimiter

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer cck_…` (an API key)")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="the API key, as a header")
_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?(\d{1,6})\"?", re.IGNORECASE)


async def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


Deps = Annotated[Services, Depends(services)]


def client_address(request: Request) -> str:
    """The TCP peer, or the client a trusted proxy names (uvicorn applies CITYCOMM_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "unknown"


async def limit_citizen(citizens: RateLimiter, address: str) -> None:
    """Count an anonymous request against its client's limit (REST, Open311 and gRPC alike)."""
    verdict = await citizens.hit(client_key(address))
    if not verdict.allowed:
        raise RateLimited(
            "Too many requests from this address; slow down.",
            "Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau.",
            retry_after=verdict.retry_after,
        )


async def caller(
    request: Request,
    deps: Deps,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    api_key: Annotated[str | None, Security(_api_key)] = None,
) -> Principal:
    """The key's principal; anonymous callers are citizens, rate-limited per client address."""
    presented = bearer.credentials if bearer else api_key
    principal = await deps.intake.authenticate(presented)
    if principal.anonymous:
        await limit_citizen(deps.citizens, client_address(request))
    return principal


Caller = Annotated[Principal, Depends(caller)]


async def authenticated(principal: Caller) -> Principal:
    if principal.anonymous:
        raise Unauthenticated("An API key is required.", "Cần có khóa API.")
    return principal


Authenticated = Annotated[Principal, Depends(authenticated)]

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="required: a retry with the same key returns the same inquiry; the same key with a "
        "different body is answered 422",
    ),
]
OptionalIdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="a retry with the same key records the same command once",
    ),
]
PreferHeader = Annotated[
    str | None,
    Header(
        alias="Prefer",
        max_length=200,
        description="`wait=N` (RFC 7240): wait up to N seconds for routing's decision and return it",
    ),
]


def wait_seconds(prefer: str | None, deps: Services) -> int:
    match = _WAIT.search(prefer or "")
    return min(int(match.group(1)), deps.settings.max_wait_seconds) if match else 0
