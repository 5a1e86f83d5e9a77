"""Sign-in per person for the pages: a signed, timed session cookie naming who signed in (itsdangerous),
looked up again on every request (a person removed from the list is out at once); forms that change
something carry a token bound to the session (decision 0082)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.people import Person
from citycomm_reporting.entrypoints.auth import reporting

SESSION_COOKIE = "citycomm_session"
_DEVELOPMENT_SECRET = secrets.token_urlsafe(32)  # only where settings name none (development)


def _serializer(deps: Container, purpose: str) -> URLSafeTimedSerializer:
    secret = deps.settings.session_secret.get_secret_value() or _DEVELOPMENT_SECRET
    return URLSafeTimedSerializer(secret, salt=f"citycomm-reporting-{purpose}")


def session_value(deps: Container, person: Person, *, from_provider: bool = False) -> str:
    """A person from the users file is named only (looked up again on every request); one the city's
    provider vouched for carries the role and agency it gave, for as long as the session lasts."""
    value = {"login": person.login, "nonce": secrets.token_urlsafe(8)}
    if from_provider:
        value.update(name=person.name, role=person.role, agency_id=person.agency_id, via="oidc")
    return _serializer(deps, "session").dumps(value)


def signed_value(deps: Container, purpose: str, value: dict[str, str]) -> str:
    return _serializer(deps, purpose).dumps(value)


def unsigned_value(deps: Container, purpose: str, text: str, max_age: int) -> dict[str, str] | None:
    try:
        found = _serializer(deps, purpose).loads(text, max_age=max_age)
    except BadSignature:
        return None
    return found if isinstance(found, dict) else None


def _session(request: Request, deps: Container) -> dict[str, str] | None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    try:
        found = _serializer(deps, "session").loads(cookie, max_age=int(deps.settings.session_hours * 3600))
    except BadSignature:
        return None
    return found if isinstance(found, dict) else None


def signed_in(request: Request, deps: Annotated[Container, Depends(reporting)]) -> Person:
    session = _session(request, deps)
    person = _person(session, deps) if session else None
    if person is None:  # to the sign-in page, and back here after it
        back = urlencode({"next": request.url.path})
        raise HTTPException(303, "sign in first", headers={"Location": f"/dashboard/login?{back}"})
    return person


def _person(session: dict[str, str], deps: Container) -> Person | None:
    if session.get("via") == "oidc":
        return Person(session["login"], session["name"], session["role"], session["agency_id"])
    return deps.people.get(session.get("login", ""))


def form_token(request: Request, deps: Container) -> str:
    """A token for the forms of this session: a page on another site cannot know it."""
    return _serializer(deps, "form").dumps(request.cookies.get(SESSION_COOKIE, "")[-24:])


def check_form_token(request: Request, deps: Container, token: str) -> None:
    try:
        bound = _serializer(deps, "form").loads(token, max_age=int(deps.settings.session_hours * 3600))
    except BadSignature as exc:
        raise HTTPException(403, "the form has expired: open the page again") from exc
    if not hmac.compare_digest(str(bound), request.cookies.get(SESSION_COOKIE, "")[-24:]):
        raise HTTPException(403, "the form has expired: open the page again")


SignedIn = Annotated[Person, Depends(signed_in)]
