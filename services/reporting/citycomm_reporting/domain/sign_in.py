"""A sign-in at the city's identity provider, under way or refused (adapters/oidc.py does it)."""

from __future__ import annotations

from dataclasses import dataclass


class SignInFailed(Exception):
    """The provider's answer is not one we accept; the message says why (for the log, not the person)."""


@dataclass(frozen=True)
class Started:
    """Where to send the person, and what the callback must find again (kept in a signed cookie)."""

    url: str
    state: str
    nonce: str
    code_verifier: str
