"""Inquiry ids that make retries idempotent, and tracking codes that are short and unguessable."""

from __future__ import annotations

import hashlib
import hmac
import uuid

INQUIRY_NAMESPACE = uuid.UUID("0f6d9b1e-3a51-4d6b-8a7e-2c1c4f0b9e55")
# Crockford's base32: no I, L, O or U, so codes survive being read aloud or handwritten.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


def inquiry_id(client: str, idempotency_key: str) -> str:
    """The same client and Idempotency-Key always name the same inquiry."""
    return str(uuid.uuid5(INQUIRY_NAMESPACE, f"{client}\x1f{idempotency_key}"))


def chosen_key() -> str:
    """The Idempotency-Key intake chooses for a request that sent none (a new inquiry each time);
    a 503 hands it back, so the retry lands on the same inquiry."""
    return str(uuid.uuid4())


def tracking_code(secret: bytes, inquiry: str) -> str:
    """60 bits of an HMAC of the inquiry id, as XXXX-XXXX-XXXX."""
    number = int.from_bytes(hmac.new(secret, inquiry.encode(), hashlib.sha256).digest()[:8], "big")
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, CODE_LENGTH, 4))


def normalize_tracking_code(text: str) -> str:
    """Accept codes typed in lower case, without dashes, or with O/I/L for 0/1/1."""
    cleaned = text.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        raise ValueError("not a tracking code")
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))
