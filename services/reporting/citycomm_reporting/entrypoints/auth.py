"""Who is calling the REST API: bearer tokens (operator's, or hashed scoped ones) until intake's keys.

Operators see everything; an agency sees the inquiries assigned to it, a press agency the ones
it submitted (design.md §7). The dashboard also takes the token from a cookie it sets.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from citycomm_reporting.bootstrap import Reporting

COOKIE = "citycomm_reporting_token"
SCOPED_ROLES = ("agency", "press_agency")


@dataclass(frozen=True)
class Caller:
    role: str  # operator, agency, press_agency
    id: str = ""

    @property
    def is_operator(self) -> bool:
        return self.role == "operator"

    def scope(self) -> dict[str, str]:
        """The filter that keeps a caller to its own inquiries."""
        if self.role == "agency":
            return {"agency_id": self.id}
        if self.role == "press_agency":
            return {"submitter_id": self.id}
        return {}

    def may_see(self, row: dict[str, Any]) -> bool:
        return all(row.get(field) == value for field, value in self.scope().items())


def reporting(request: Request) -> Reporting:
    return request.app.state.reporting  # type: ignore[no-any-return]


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE, "")


def identify(token: str, deps: Reporting) -> Caller | None:
    operator_token = deps.settings.operator_token.get_secret_value()
    if operator_token and hmac.compare_digest(token.encode(), operator_token.encode()):
        return Caller("operator")
    scoped = deps.settings.access_tokens.get(hashlib.sha256(token.encode()).hexdigest(), "")
    role, _, caller_id = scoped.partition(":")
    return Caller(role, caller_id) if role in SCOPED_ROLES and caller_id else None


def caller(request: Request, deps: Annotated[Reporting, Depends(reporting)]) -> Caller:
    token = _token(request)
    found = identify(token, deps) if token else None
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


Deps = Annotated[Reporting, Depends(reporting)]
AnyCaller = Annotated[Caller, Depends(caller)]
Operator = Annotated[Caller, Depends(operator)]
OperatorOrAgency = Annotated[Caller, Depends(operator_or_agency)]
