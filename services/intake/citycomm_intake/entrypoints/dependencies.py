"""FastAPI dependencies: the container, the caller (rate-limited if anonymous), Prefer and Idempotency-Key."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from citycomm_intake.bootstrap import Container
from citycomm_intake.domain.errors import Unauthenticated
from citycomm_intake.domain.principals import Principal

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer cck_…` (an API key)")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="the API key, as a header")
_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?(\d{1,6})\"?", re.IGNORECASE)


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]


def client_address(request: Request) -> str:
    """The TCP peer, or the client a trusted proxy names (uvicorn applies CITYCOMM_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "unknown"


async def caller(
    request: Request,
    deps: Deps,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
    api_key: Annotated[str | None, Security(_api_key)] = None,
) -> Principal:
    """The key's principal; anonymous callers are citizens, rate-limited per client address."""
    presented = bearer.credentials if bearer else api_key
    return await deps.callers.identify(presented, client_address(request))


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


def wait_seconds(prefer: str | None, deps: Container) -> int:
    match = _WAIT.search(prefer or "")
    return min(int(match.group(1)), deps.settings.max_wait_seconds) if match else 0
