"""Unsubscribe links: a signed token names the address by its keyed digest (never the address), so
the link proves who may stop the notices and the opt-out is stored without personal data."""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "citycomm-submitter-unsubscribe"


class BadToken(ValueError):
    """The link was altered or signed with another key."""


def normalized(kind: str, address: str) -> str:
    """One spelling per address: e-mail lower-cased, a phone as digits with 84 for a leading 0."""
    if kind == "email":
        return "email:" + address.strip().lower()
    digits = "".join(ch for ch in address if ch.isdigit())
    return "phone:" + ("84" + digits[1:] if digits.startswith("0") else digits)


def kind_of(channel: str) -> str:
    """SMS and Zalo go to the same phone number, so one opt-out stops both."""
    return "email" if channel == "email" else "phone"


class OptOutKeys:
    def __init__(self, key: str) -> None:
        if len(key) < 16:
            raise ValueError("the unsubscribe key must have at least 16 characters")
        self._key = key.encode()
        self._serializer = URLSafeSerializer(key, salt=SALT)

    def digest(self, channel: str, address: str) -> str:
        text = normalized(kind_of(channel), address)
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()

    def token(self, channel: str, address: str) -> str:
        return str(self._serializer.dumps({"d": self.digest(channel, address), "k": kind_of(channel)}))

    def read(self, token: str) -> str:
        """The digest a token names; BadToken if it is not one of ours."""
        try:
            data = self._serializer.loads(token)
        except BadSignature as exc:
            raise BadToken("not a valid unsubscribe link") from exc
        if not isinstance(data, dict) or not isinstance(data.get("d"), str):
            raise BadToken("not a valid unsubscribe link")
        return str(data["d"])
