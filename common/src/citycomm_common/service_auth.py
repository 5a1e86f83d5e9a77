"""The bearer token one service presents to another over gRPC (intake → reporting), and its check.

Reporting's gRPC look-ups answer full histories, submitter ids and tracking codes: only a caller
holding CITYCOMM_REPORTING_GRPC_TOKEN gets them. The NetworkPolicy is a second line, not the only.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import grpc
from pydantic import SecretStr

DEVELOPMENT_REPORTING_GRPC_TOKEN = "development-only-reporting-grpc-token"
MIN_TOKEN_LENGTH = 24
# Kubelet's gRPC probes cannot send metadata, and a health answer tells nothing but "serving".
OPEN_METHODS = ("/grpc.health.v1.Health/",)


def checked_token(token: SecretStr, environment: str) -> SecretStr:
    """The token as a setting: long enough, and never the development default in production."""
    value = token.get_secret_value()
    if len(value) < MIN_TOKEN_LENGTH:
        raise ValueError(f"use at least {MIN_TOKEN_LENGTH} characters")
    if environment == "production" and value == DEVELOPMENT_REPORTING_GRPC_TOKEN:
        raise ValueError("reporting_grpc_token must be set in production")
    return token


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    """Call metadata carrying `token` (gRPC metadata keys are lower case)."""
    return (("authorization", f"Bearer {token}"),)


def presents(metadata: Sequence[tuple[str, str | bytes]] | None, token: bytes) -> bool:
    """Whether the call's metadata carries `Bearer <token>`, compared in constant time."""
    for key, value in metadata or ():
        if key == "authorization" and isinstance(value, str):
            scheme, _, given = value.partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token)
    return False


async def _refuse(request: Any, context: grpc.aio.ServicerContext) -> None:
    await context.abort(grpc.StatusCode.UNAUTHENTICATED, "a service token is required")


class RequireToken(grpc.aio.ServerInterceptor):  # type: ignore[misc]  # grpcio ships no type hints
    """Answers UNAUTHENTICATED to every call without the token, except the OPEN_METHODS."""

    def __init__(self, token: str) -> None:
        self._token = token.encode()
        self._refusal = grpc.unary_unary_rpc_method_handler(_refuse)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        method = details.method or ""
        metadata = details.invocation_metadata
        if method.startswith(OPEN_METHODS) or presents(metadata, self._token):
            return await continuation(details)
        return self._refusal
