"""Sign-in through the city's OpenID Connect provider (decision 0086): the authorization-code flow
with PKCE by Authlib, the ID token checked with joserfc against the provider's published keys
(issuer, audience, expiry, nonce), its claims made into the same Person the users file gives."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from citycomm_reporting.domain.people import ROLES, Person
from citycomm_reporting.domain.sign_in import SignInFailed, Started

METADATA_SECONDS = 3600  # discovery and keys are fetched again after an hour (key rotation)


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    role_claim: str = "citycomm_role"
    agency_claim: str = "citycomm_agency"


class OidcProvider:
    def __init__(self, settings: OidcSettings) -> None:
        self._settings = settings
        self._metadata: tuple[float, dict[str, Any], KeySet] | None = None

    async def _discovered(self) -> tuple[dict[str, Any], KeySet]:
        if self._metadata is None or time.monotonic() - self._metadata[0] > METADATA_SECONDS:
            async with httpx.AsyncClient(timeout=10) as http:
                discovery = f"{self._settings.issuer.rstrip('/')}/.well-known/openid-configuration"
                found = await http.get(discovery)
                found.raise_for_status()
                metadata = found.json()
                keys = await http.get(metadata["jwks_uri"])
                keys.raise_for_status()
            self._metadata = (time.monotonic(), metadata, KeySet.import_key_set(keys.json()))
        return self._metadata[1], self._metadata[2]

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(self._settings.client_id, self._settings.client_secret,
                                 scope="openid profile", redirect_uri=redirect_uri,
                                 code_challenge_method="S256", timeout=10)

    async def start(self, redirect_uri: str) -> Started:
        metadata, _ = await self._discovered()
        nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        async with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(metadata["authorization_endpoint"], nonce=nonce,
                                                         code_verifier=verifier)
        return Started(url, state, nonce, verifier)

    async def finish(self, redirect_uri: str, code: str, started: Started) -> Person:
        metadata, keys = await self._discovered()
        async with self._client(redirect_uri) as client:
            try:
                token = await client.fetch_token(metadata["token_endpoint"], code=code,
                                                 code_verifier=started.code_verifier)
            except Exception as exc:  # Authlib raises OAuthError and httpx's errors alike
                raise SignInFailed(f"the code was not exchanged: {exc}") from exc
        return self.person(self._checked_claims(token.get("id_token", ""), keys, started.nonce))

    def _checked_claims(self, id_token: str, keys: KeySet, nonce: str) -> dict[str, Any]:
        try:
            decoded = jwt.decode(id_token, keys)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self._settings.issuer},
                aud={"essential": True, "value": self._settings.client_id},
                exp={"essential": True}, sub={"essential": True},
                nonce={"essential": True, "value": nonce}).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(f"the ID token was refused: {exc}") from exc
        return dict(decoded.claims)

    def person(self, claims: dict[str, Any]) -> Person:
        role = str(claims.get(self._settings.role_claim, ""))
        agency_id = str(claims.get(self._settings.agency_claim, "") or "")
        if role not in ROLES or (role == "agency") != bool(agency_id):
            raise SignInFailed(f"no usable role in the token (role {role!r}, agency {agency_id!r})")
        login = str(claims.get("preferred_username") or claims["sub"])
        return Person(login, str(claims.get("name") or login), role, agency_id if role == "agency" else "")
