"""Where a webhook delivery stands: pending, delivered, dead or readdressed (DeliveryState).

A dead letter replayed to its agency's endpoints of now is kept as `readdressed`; a record the
previous release wrote with `state: "readdressed"` reads as that value (contracts.upgrade).
"""

from __future__ import annotations

from citycomm.v1.notifications_pb2 import (
    DELIVERY_STATE_DEAD,
    DELIVERY_STATE_DELIVERED,
    DELIVERY_STATE_PENDING,
    DELIVERY_STATE_READDRESSED,
    DeliveryState,
    WebhookDelivery,
)
from citycomm_common.vocabulary import enum_name

PENDING, DELIVERED, DEAD = DELIVERY_STATE_PENDING, DELIVERY_STATE_DELIVERED, DELIVERY_STATE_DEAD
READDRESSED = DELIVERY_STATE_READDRESSED


def is_readdressed(d: WebhookDelivery) -> bool:
    return d.delivery_state == READDRESSED


def readdress(d: WebhookDelivery) -> None:
    d.delivery_state = READDRESSED


def state_name(d: WebhookDelivery) -> str:
    """`pending`, `delivered`, `dead` or `readdressed`, as operators read it."""
    return enum_name(DeliveryState, d.delivery_state)
