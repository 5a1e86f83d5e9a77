"""The directory as every service sees it: the config files, then each record of directory.agencies.

Usage in a service (the view is ready once it has read the topic to its end)::

    view = DirectoryView(settings)            # loads config/directory.yaml
    await view.start()                        # in the service's start-up
    readiness.add("directory_loaded", view.is_loaded)
    await view.wait_loaded()                  # before acting on anything the directory decides
    view.live().endpoints_for(agency_id)      # the latest valid directory; raises until caught up
    await view.stop()

Until the view has read the topic to its end, `current` is the files plus whatever part of the
topic it has read: operators' changes may be missing (an agency added, a ward given an endpoint of
its own). A service acts on `live()`, which refuses to answer before then, never on `current`.

Routing writes the topic (key: agency id, value: citycomm.v1.Agency via the codec); it
publishes the whole directory at start-up and every operator change after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import Protocol

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pydantic import ValidationError

from citycomm.v1 import directory_pb2
from citycomm_common import codec
from citycomm_common.directory import Agency, Directory, load_directory
from citycomm_common.framework_fixes import private_attributes, versions
from citycomm_common.kafka import connection_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import DIRECTORY_AGENCIES
from citycomm_common.vocabulary import enum_name, enum_value

log = logging.getLogger(__name__)
Listener = Callable[[Directory], None]


class DirectoryNotLoaded(RuntimeError):
    """The directory was asked for before the view had caught up with directory.agencies."""


class DirectorySource(Protocol):
    """What a service reads the directory through: a DirectoryView, or FixedDirectory in tests."""

    @property
    def current(self) -> Directory: ...  # possibly partial: for display, never for decisions
    def is_loaded(self) -> bool: ...
    def live(self) -> Directory: ...
    def on_change(self, listener: Listener) -> None: ...


class FixedDirectory:
    """A directory that never changes and counts as caught up (tools and tests without a broker)."""

    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    @property
    def current(self) -> Directory:
        return self._directory

    def is_loaded(self) -> bool:
        return True

    def live(self) -> Directory:
        return self._directory

    def on_change(self, listener: Listener) -> None:
        """Nothing ever changes."""


def agency_to_proto(agency: Agency, **extra: object) -> directory_pb2.Agency:
    """The record of an agency, in the typed fields (agency_kind, contact_role); `extra` sets
    record-only fields (origin, retired, updated_time)."""
    data = agency.model_dump(mode="json", exclude_none=True, exclude={"kind", "contacts"})
    for endpoint in data.get("endpoints", []):
        endpoint.setdefault("enabled", True)
    contacts = [directory_pb2.AgencyContact(
        contact_role=enum_value(directory_pb2.ContactRole, c.role), name=c.name,
        title=c.title or "", email=c.email or "", phone=c.phone or "") for c in agency.contacts]
    return directory_pb2.Agency(  # the model's fields by name, and the record's
        agency_kind=enum_value(directory_pb2.AgencyKind, agency.kind), contacts=contacts,
        **data, **extra)  # type: ignore[arg-type]


def agency_from_proto(message: directory_pb2.Agency) -> Agency:
    """The agency a record describes; raises pydantic's ValidationError if it is not valid.

    Read by its typed fields: a record the previous release wrote (kind, role as text) is read
    through the codec, which fills them."""
    contacts = [{"role": enum_name(directory_pb2.ContactRole, c.contact_role), "name": c.name,
                 "title": c.title, "email": c.email, "phone": c.phone} for c in message.contacts]
    data = {
        "id": message.id, "name": message.name, "short_name": message.short_name,
        "kind": enum_name(directory_pb2.AgencyKind, message.agency_kind),
        "parent": message.parent or None,
        "supervisor": message.supervisor or None, "wards": list(message.wards),
        "categories": list(message.categories),
        "contacts": [{k: v for k, v in c.items() if v} for c in contacts],
        "endpoints": [{"id": e.id, "url": e.url, "secret_refs": list(e.secret_refs),
                       "events": list(e.events) or ["*"], "enabled": e.enabled}
                      for e in message.endpoints],
        "valid_from": message.valid_from, "valid_until": message.valid_until or None,
    }
    return Agency.model_validate(data)


def with_agencies(base: Directory, agencies: Iterable[Agency]) -> Directory:
    """`base` with `agencies` added or replacing those of the same id; validated as a whole."""
    merged = {a.id: a for a in base.agencies}
    merged.update((a.id, a) for a in agencies)
    return Directory(coordinator=base.coordinator, default_endpoint=base.default_endpoint,
                     agencies=list(merged.values()))


class DirectoryView:
    """The current directory: the files, then every valid record of the topic, kept up to date."""

    def __init__(self, settings: CommonSettings, directory: Directory | None = None,
                 client_id: str = "citycomm-directory-view") -> None:
        self._settings = settings
        self._current = directory or load_directory(settings.config_dir / "directory.yaml")
        self._client_id = client_id
        self.records: dict[str, directory_pb2.Agency] = {}  # the latest valid record per id
        self.rejected_records = 0
        self._loaded = asyncio.Event()
        self._listeners: list[Listener] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def current(self) -> Directory:
        return self._current

    def is_loaded(self) -> bool:
        """Readiness: the topic was read to its end at least once."""
        return self._loaded.is_set()

    def live(self) -> Directory:
        """The current directory once caught up; DirectoryNotLoaded before (never a partial one)."""
        if not self._loaded.is_set():
            raise DirectoryNotLoaded(f"{DIRECTORY_AGENCIES.name} has not been read to its end yet")
        return self._current

    async def wait_loaded(self) -> None:
        await self._loaded.wait()

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def apply(self, messages: Iterable[directory_pb2.Agency]) -> list[str]:
        """Take records in order; one that would make the directory invalid is skipped."""
        batch = list(messages)
        try:
            self._replace(batch)
            return []
        except (ValidationError, ValueError) as error:
            if len(batch) == 1:
                self.rejected_records += 1
                log.error("directory record for %s rejected: %s", batch[0].id, error)
                return [f"{batch[0].id}: {error}"]
        return [problem for message in batch for problem in self.apply([message])]

    def _replace(self, batch: list[directory_pb2.Agency]) -> None:
        agencies = [agency_from_proto(m) for m in batch]
        if not agencies:
            return
        self._current = with_agencies(self._current, agencies)
        self.records.update((m.id, m) for m in batch)
        for listener in self._listeners:
            listener(self._current)

    def active_on(self, day: date) -> list[Agency]:
        return self._current.active(day)

    async def start(self) -> None:
        """Begin following the topic; refuses an aiokafka version the private read was not tested on."""
        versions.require_tested(versions.AIOKAFKA_ONLY)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="directory-view")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except Exception:  # the broker went away: start over from the beginning
                log.exception("reading %s failed; retrying", DIRECTORY_AGENCIES.name)
                await asyncio.sleep(1.0)

    async def _follow(self) -> None:
        consumer = AIOKafkaConsumer(
            **connection_options(self._settings), client_id=self._client_id,
            group_id=None, enable_auto_commit=False, auto_offset_reset="earliest")
        try:  # stopped also when its start fails or is cancelled, so no connection is left open
            await consumer.start()
            partitions = await _partitions(consumer)
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            await self._catch_up(consumer, partitions)
            while True:
                batches = await consumer.getmany(timeout_ms=1000)
                for records in batches.values():
                    self.apply(_decoded(records))
        finally:
            await consumer.stop()

    async def _catch_up(self, consumer: AIOKafkaConsumer, partitions: list[TopicPartition]) -> None:
        """Read to the end, then apply everything at once (one validation, not one per record)."""
        ends = await consumer.end_offsets(partitions)
        pending: list[directory_pb2.Agency] = []
        while True:
            batches = await consumer.getmany(timeout_ms=200, max_records=5000)
            for records in batches.values():
                pending.extend(_decoded(records))
            positions = [await consumer.position(p) for p in partitions]
            at_end = all(position >= ends[p] for position, p in zip(positions, partitions, strict=True))
            # An empty fetch after the reported end, because the embedded broker may report
            # the end too early (docs/embedded-broker.md).
            if at_end and not batches:
                break
        self.apply(pending)
        self._loaded.set()
        log.info("directory loaded: %d agencies, %d records", len(self._current.agencies),
                 len(pending))


async def _partitions(consumer: AIOKafkaConsumer) -> list[TopicPartition]:
    while True:
        found = consumer.partitions_for_topic(DIRECTORY_AGENCIES.name)
        if found:
            return [TopicPartition(DIRECTORY_AGENCIES.name, p) for p in sorted(found)]
        await private_attributes.refresh_metadata(consumer)  # the topic may not exist yet
        await asyncio.sleep(0.5)


def _decoded(records: Iterable[ConsumerRecord]) -> list[directory_pb2.Agency]:
    found = []
    for record in records:
        try:
            message = codec.decode(record.value, record.headers).message
        except codec.UndecodableRecord as error:
            log.error("undecodable directory record at offset %s: %s", record.offset, error)
            continue
        if isinstance(message, directory_pb2.Agency):
            found.append(message)
    return found
