"""Who is calling the REST API: bearer tokens (operator's, or hashed scoped ones) until intake's keys.

What each caller may see is domain/callers.py. The dashboard also takes the token from a cookie it sets.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.callers import SCOPED_ROLES, Caller
from citycomm_reporting.settings import ReportingSettings

COOKIE = "citycomm_reporting_token"


def reporting(request: Request) -> Container:
    return request.app.state.reporting  # type: ignore[no-any-return]


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE, "")


def identify(token: str, settings: ReportingSettings) -> Caller | None:
    operator_token = settings.operator_token.get_secret_value()
    if operator_token and hmac.compare_digest(token.encode(), operator_token.encode()):
        return Caller("operator")
    scoped = settings.access_tokens.get(hashlib.sha256(token.encode()).hexdigest(), "")
    role, _, caller_id = scoped.partition(":")
    return Caller(role, caller_id) if role in SCOPED_ROLES and caller_id else None


def caller(request: Request, deps: Annotated[Container, Depends(reporting)]) -> Caller:
    token = _token(request)
    found = identify(token, deps.settings) if token else None
    if found is None:
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return found


def operator(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if not who.is_operator:
        raise HTTPException(403, "only operators may do this")
    return who


def operator_or_agency(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if who.role == "press_agency":
        raise HTTPException(403, "figures are for operators and agencies")
    return who


Deps = Annotated[Container, Depends(reporting)]
AnyCaller = Annotated[Caller, Depends(caller)]
Operator = Annotated[Caller, Depends(operator)]
OperatorOrAgency = Annotated[Caller, Depends(operator_or_agency)]
