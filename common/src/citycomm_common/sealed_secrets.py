"""Webhook signing secrets the platform makes itself (self-service rotation, decision 0095): a fresh
Standard Webhooks secret, shown once to its holder and kept only sealed, as the secret reference
`sealed:<token>` in the directory, a Fernet token (AES-128-CBC and HMAC-SHA256, `cryptography`)
under CITYCOMM_WEBHOOK_SECRETS_KEY. Routing seals, notifications unseals; nobody else holds the key.

The setting is one or more Fernet keys, comma-separated: the first seals, every one unseals, so the
key itself can be rotated (add a new first key, re-rotate the endpoints, then drop the old key)."""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "sealed:"


class SealingUnavailable(RuntimeError):
    """No CITYCOMM_WEBHOOK_SECRETS_KEY here, or a token no configured key opens."""


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def new_key() -> str:
    """A key for CITYCOMM_WEBHOOK_SECRETS_KEY."""
    return Fernet.generate_key().decode("ascii")


def _keys(keys: str) -> MultiFernet:
    found = [k.strip() for k in keys.split(",") if k.strip()]
    if not found:
        raise SealingUnavailable("CITYCOMM_WEBHOOK_SECRETS_KEY is not set")
    try:
        return MultiFernet([Fernet(k) for k in found])
    except ValueError as exc:
        raise SealingUnavailable(f"CITYCOMM_WEBHOOK_SECRETS_KEY is not a list of Fernet keys: {exc}"
                                 ) from None


def seal(secret: str, keys: str) -> str:
    """The secret reference that keeps `secret` sealed under the first of `keys`."""
    return PREFIX + _keys(keys).encrypt(secret.encode()).decode("ascii")


def unseal(token: str, keys: str) -> str:
    """The secret in a `sealed:` reference's token (without the prefix)."""
    try:
        return _keys(keys).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise SealingUnavailable("no key of CITYCOMM_WEBHOOK_SECRETS_KEY opens this sealed secret") from None
