"""Short-lived signed links to a submission's attachment: notifications signs, intake verifies.

A link is `<intake>/v1/attachments/<id>?expires=<unix seconds>&signature=<hex>`, the signature an
HMAC-SHA256 of the id and the expiry under the secret both services share
(CITYCOMM_ATTACHMENT_LINK_SECRET). Agencies receive the link in a webhook, never the bytes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from urllib.parse import urlencode

DEVELOPMENT_LINK_SECRET = "development-only-attachment-link-secret"
PATH = "/v1/attachments/"


def signature(secret: bytes, attachment_id: str, expires: int) -> str:
    return hmac.new(secret, f"{attachment_id}\x1f{expires}".encode(), hashlib.sha256).hexdigest()


def signed_link(secret: bytes, base_url: str, attachment_id: str, expires: datetime) -> str:
    when = int(expires.timestamp())
    query = urlencode({"expires": when, "signature": signature(secret, attachment_id, when)})
    return f"{base_url.rstrip('/')}{PATH}{attachment_id}?{query}"


def valid(secret: bytes, attachment_id: str, expires: int, given: str, now: datetime) -> bool:
    """The link was signed with this secret and has not expired."""
    if expires < now.timestamp():
        return False
    return hmac.compare_digest(signature(secret, attachment_id, expires), given)
