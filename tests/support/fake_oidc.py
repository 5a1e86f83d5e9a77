"""A small OpenID Connect provider for tests, as the city's would answer: discovery, keys, an
authorization endpoint that signs in whoever the test chose, and a token endpoint that checks the
client's secret and the PKCE verifier before it signs an ID token."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID, CLIENT_SECRET = "citycomm-reporting", "client-secret-for-tests-0123456789"


@dataclass
class FakeProvider:
    issuer: str
    claims: dict[str, Any] = field(default_factory=dict)  # who signs in next, and what the token says
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    signing_key: RSAKey | None = None  # another key: a forged token
    nonce_override: str | None = None
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"], "id_token_signing_alg_values_supported": ["RS256"]}

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            return KeySet([self.key]).as_dict(private=False)

        @app.get("/authorize")
        def authorize(request: Request) -> RedirectResponse:
            q = request.query_params
            assert q["client_id"] == CLIENT_ID and q["response_type"] == "code"
            assert q["code_challenge_method"] == "S256" and "openid" in q["scope"].split()
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": q["nonce"], "challenge": q["code_challenge"],
                                "redirect_uri": q["redirect_uri"]}
            return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}",
                                    status_code=302)

        @app.post("/token")
        async def token(request: Request) -> dict[str, Any]:
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            code, code_verifier = form.get("code", ""), form.get("code_verifier", "")
            redirect_uri, grant_type = form.get("redirect_uri", ""), form.get("grant_type", "")
            expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if request.headers.get("authorization") != expected:
                raise HTTPException(401, "invalid_client")
            issued = self.codes.pop(code, None)
            digest = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=")
            if issued is None or digest.decode() != issued["challenge"] \
                    or grant_type != "authorization_code" or redirect_uri != issued["redirect_uri"]:
                raise HTTPException(400, "invalid_grant")
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                      "nonce": self.nonce_override or issued["nonce"], **self.claims}
            signed = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.signing_key or self.key)
            return {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                    "id_token": signed}

        return app
