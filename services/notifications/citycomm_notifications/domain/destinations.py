"""Where an agency's webhooks go: its own endpoints, else the directory's default endpoint.

An endpoint id is unique only within its agency (two agencies may both have `main`), and the
default endpoint serves every agency without one of its own. So an endpoint is named by its owner
and its id: the owner is the agency, or `*` for the default endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.directory import Directory, WebhookEndpoint

DEFAULT_OWNER = "*"  # never an agency id (those are slugs)


def endpoint_key(owner: str, endpoint_id: str) -> str:
    """How an endpoint is keyed wherever it is remembered (its standing after a 410)."""
    return f"{owner}/{endpoint_id}"


@dataclass(frozen=True)
class Destination:
    owner: str  # the agency whose endpoint it is, or DEFAULT_OWNER
    endpoint: WebhookEndpoint

    @property
    def key(self) -> str:
        return endpoint_key(self.owner, self.endpoint.id)

    def is_default(self) -> bool:
        return self.owner == DEFAULT_OWNER


def destinations(directory: Directory, agency_id: str) -> list[Destination]:
    """The agency's enabled endpoints now (LookupError for an unknown agency)."""
    owner = agency_id if directory.get(agency_id).endpoints else DEFAULT_OWNER
    return [Destination(owner, endpoint) for endpoint in directory.endpoints_for(agency_id)]


def serving(directory: Directory, d: WebhookDelivery) -> Destination | None:
    """The endpoint a delivery is bound to, if it still serves the delivery's agency; else None.

    A delivery bound to the default endpoint is not sent there once its agency has endpoints of
    its own, nor one bound to an agency's endpoint once that endpoint is gone: it would reach a
    receiver that is not the agency's. Records from before `endpoint_owner` existed name no owner
    and are matched by endpoint id alone, as they were then.
    """
    try:
        found = destinations(directory, d.agency_id)
    except LookupError:
        return None
    return next((x for x in found if x.endpoint.id == d.endpoint_id
                 and d.endpoint_owner in (x.owner, "")), None)


def named(directory: Directory, agency_id: str, endpoint_id: str) -> Destination | None:
    """The endpoint `endpoint_id` as agency `agency_id` reaches it now (its own or the default)."""
    try:
        found = destinations(directory, agency_id)
    except LookupError:
        return None
    return next((x for x in found if x.endpoint.id == endpoint_id), None)
