"""The directory's use cases: what operators read and change (checked against the whole network,
then published on directory.agencies), and old secrets dropped when their time has passed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol

from citycomm.v1 import directory_pb2
from citycomm_common.clock import Clock
from citycomm_common.directory import Agency, AgencyKind, Directory, WebhookEndpoint
from citycomm_routing.domain import network, targets
from citycomm_routing.domain.network import Change, ChangeRefused, Rotations

Records = list[directory_pb2.Agency]


class PublishedDirectory(Protocol):
    """The directory as routing publishes it (adapters.directory_writer.DirectoryWriter)."""

    @property
    def current(self) -> Directory: ...
    def record(self, agency_id: str) -> directory_pb2.Agency | None: ...
    def rotations(self, agency_id: str) -> Rotations: ...
    def agencies_with_rotations(self) -> dict[str, Rotations]: ...
    async def change(self, decide: Callable[[Directory], list[Change]]) -> Records: ...
    async def publish_at_start(self) -> None: ...
    def is_published(self) -> bool: ...


class DirectoryAdmin:
    """Operators' changes, one at a time; in production a webhook may only go to a public host
    (design.md §7: no SSRF through the directory)."""

    def __init__(self, published: PublishedDirectory, clock: Clock, *,
                 public_targets_only: bool) -> None:
        self._published = published
        self._clock = clock
        self._public_targets_only = public_targets_only

    async def publish_at_start(self) -> None:
        """The whole directory (the files, then operators' changes), retried until published."""
        await self._published.publish_at_start()

    def is_published(self) -> bool:
        """Readiness: consumers have the whole directory from us."""
        return self._published.is_published()

    def agencies(self, kind: AgencyKind | None = None, active_on: date | None = None
                 ) -> list[Agency]:
        current = self._published.current
        found = current.active(active_on) if active_on else current.agencies
        return [a for a in found if kind is None or a.kind is kind]

    def agency(self, agency_id: str) -> Agency:
        """The agency; ChangeRefused (404) if the directory has none of that id."""
        return network.existing(self._published.current, agency_id)

    def record(self, agency_id: str) -> directory_pb2.Agency | None:
        """The agency's latest record on directory.agencies (with its endpoints' rotations)."""
        return self._published.record(agency_id)

    async def add(self, agency: Agency) -> Records:
        self._require_public(*agency.endpoints)
        return await self._published.change(lambda d: network.add(d, agency))

    async def replace(self, agency_id: str, agency: Agency) -> Records:
        self._require_public(*agency.endpoints)
        rotations = self._published.rotations(agency_id)
        return await self._published.change(
            lambda d: network.replace(d, agency_id, agency, rotations))

    async def retire(self, agency_id: str, valid_until: date, successor: Agency | None) -> Records:
        self._require_public(*(successor.endpoints if successor else ()))
        rotations = self._published.rotations(agency_id)
        return await self._published.change(
            lambda d: network.retire(d, agency_id, valid_until, rotations, successor))

    async def put_endpoint(self, agency_id: str, endpoint: WebhookEndpoint) -> Records:
        self._require_public(endpoint)
        rotations = self._published.rotations(agency_id)
        return await self._published.change(
            lambda d: network.put_endpoint(d, agency_id, endpoint, rotations))

    async def remove_endpoint(self, agency_id: str, endpoint_id: str) -> Records:
        rotations = self._published.rotations(agency_id)
        return await self._published.change(
            lambda d: network.remove_endpoint(d, agency_id, endpoint_id, rotations))

    async def rotate(self, agency_id: str, endpoint_id: str, secret_ref: str,
                     keep_old_until: datetime) -> Records:
        rotations = self._published.rotations(agency_id)
        return await self._published.change(lambda d: network.rotate(
            d, agency_id, endpoint_id, secret_ref, keep_old_until, self._clock.now(), rotations))

    async def expire_rotations(self) -> int:
        """Drop old secrets whose keep-until moment has passed; how many agencies changed."""
        by_agency = self._published.agencies_with_rotations()
        if not by_agency:
            return 0
        now = self._clock.now()
        return len(await self._published.change(lambda d: network.expired(d, by_agency, now)))

    @property
    def public_targets_only(self) -> bool:
        return self._public_targets_only

    def _require_public(self, *endpoints: WebhookEndpoint) -> None:
        if not self._public_targets_only:
            return  # development and tests deliver to 127.0.0.1
        for endpoint in endpoints:
            if (why := targets.refusal(endpoint.url)) is not None:
                raise ChangeRefused(422, f"endpoint {endpoint.id}: {why}")
