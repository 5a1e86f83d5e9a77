"""The one interface every submitter channel has (e-mail, SMS, Zalo ZNS): send one message, say how
it went as an Attempt, whose status the webhooks' retry rules judge (domain/retries.py)."""

from __future__ import annotations

from typing import Protocol

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_notifications.adapters.webhooks import Attempt

# An attempt's status_code when the provider refused the message for good (a bad address, a
# rejected template): retrying cannot help, so it is dead at once.
REFUSED = 400


class Channel(Protocol):
    name: str  # email, sms, zalo

    async def send(self, message: SubmitterMessage) -> Attempt: ...
    async def close(self) -> None: ...


def refused_for_good(status_code: int) -> bool:
    return 400 <= status_code < 500 and status_code not in (408, 409, 410, 425, 429)
