"""Endpoints' standing: disabled after a 410 until an operator re-enables them, each by owner and id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from citycomm.v1.notifications_pb2 import EndpointStatus
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import Directory
from citycomm_notifications.domain.destinations import Destination, endpoint_key, named
from citycomm_notifications.service_layer.ports import Store


class Endpoints:
    """The standing of every endpoint, keyed by owner and id, so one agency's 410 disables its own
    endpoint and never another agency's endpoint of the same name."""

    def __init__(self, statuses: Store[EndpointStatus], directory: Callable[[], Directory]) -> None:
        self.statuses, self._directory = statuses, directory

    def status(self, owner: str, endpoint_id: str) -> EndpointStatus | None:
        found = self.statuses.get(endpoint_key(owner, endpoint_id))
        if found is None:  # written before statuses had owners: keyed by endpoint id, trusted
            legacy = self.statuses.get(endpoint_id)  # only for the agency whose delivery wrote it
            found = legacy if legacy is not None and legacy.agency_id == owner else None
        return found

    def disabled(self, destination: Destination) -> bool:
        status = self.status(destination.owner, destination.endpoint.id)
        return status is not None and status.disabled

    def disable(self, destination: Destination, agency_id: str, reason: str, at: datetime) -> None:
        self._put(destination.owner, destination.endpoint.id, agency_id, True, reason, at)

    def locate(self, agency_id: str, endpoint_id: str) -> tuple[str, str] | None:
        """(owner, endpoint id) of what `agency_id` calls `endpoint_id`: the endpoint it reaches under
        that name now (its own, or the default one), else one of its own that has a standing."""
        found = named(self._directory(), agency_id, endpoint_id)
        if found is not None:
            return found.owner, found.endpoint.id
        if self.status(agency_id, endpoint_id) is not None:
            return agency_id, endpoint_id
        return None

    def view(self, owner: str, endpoint_id: str) -> EndpointStatus:
        return self.status(owner, endpoint_id) or EndpointStatus(endpoint_id=endpoint_id, owner=owner)

    def enable(self, owner: str, endpoint_id: str, agency_id: str, at: datetime) -> EndpointStatus:
        return self._put(owner, endpoint_id, agency_id, False, "re-enabled by an operator", at)

    def _put(self, owner: str, endpoint_id: str, agency_id: str, disabled: bool, reason: str,
             at: datetime) -> EndpointStatus:
        status = EndpointStatus(endpoint_id=endpoint_id, agency_id=agency_id, owner=owner,
                                disabled=disabled, reason=reason, changed_time=to_timestamp(at))
        self.statuses.put(endpoint_key(owner, endpoint_id), status)
        return status
