"""Where a webhook delivery stands: pending, delivered, dead (DeliveryState) — or readdressed.

A dead letter replayed to its agency's endpoints of now is kept as `readdressed`, a state
DeliveryState does not name: such a record has no `delivery_state` and keeps the name in its
deprecated `state` field, the one place the code reads that field, until the enum has the value.
"""

from __future__ import annotations

from citycomm.v1.notifications_pb2 import (
    DELIVERY_STATE_DEAD,
    DELIVERY_STATE_DELIVERED,
    DELIVERY_STATE_PENDING,
    DeliveryState,
    WebhookDelivery,
)
from citycomm_common.vocabulary import enum_name

PENDING, DELIVERED, DEAD = DELIVERY_STATE_PENDING, DELIVERY_STATE_DELIVERED, DELIVERY_STATE_DEAD
READDRESSED = "readdressed"


def is_readdressed(d: WebhookDelivery) -> bool:
    return not d.delivery_state and d.state == READDRESSED


def readdress(d: WebhookDelivery) -> None:
    d.ClearField("delivery_state")
    d.state = READDRESSED


def state_name(d: WebhookDelivery) -> str:
    """`pending`, `delivered`, `dead` or `readdressed`, as operators read it."""
    return READDRESSED if is_readdressed(d) else enum_name(DeliveryState, d.delivery_state)
