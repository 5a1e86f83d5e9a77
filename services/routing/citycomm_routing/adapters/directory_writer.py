"""Routing writes directory.agencies: the whole directory at start-up, then each operator change."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaProducer

from citycomm.v1 import directory_pb2
from citycomm_common import codec
from citycomm_common.clock import Clock
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.directory import Directory
from citycomm_common.directory_feed import DirectoryView, agency_to_proto
from citycomm_common.topics import DIRECTORY_AGENCIES
from citycomm_common.tracing import sending, tracer
from citycomm_routing.domain.network import Change, Rotations

log = logging.getLogger(__name__)
SOURCE = "/citycomm/routing/directory"


def rotations_of(record: directory_pb2.Agency | None) -> Rotations:
    if record is None:
        return {}
    return {e.id: {ref: from_timestamp(until) for ref, until in e.secret_refs_expire_time.items()}
            for e in record.endpoints if e.secret_refs_expire_time}


class DirectoryWriter:
    """Applies operators' changes one at a time: checked, published, then seen locally at once."""

    def __init__(self, view: DirectoryView, make_producer: Callable[[], AIOKafkaProducer],
                 clock: Clock) -> None:
        self.view = view
        self._make_producer = make_producer
        self._producer: AIOKafkaProducer | None = None
        self._clock = clock
        self._lock = asyncio.Lock()
        self.published_at_start = asyncio.Event()

    async def start(self) -> None:
        """Start the producer (inside the running loop, as aiokafka requires)."""
        self._producer = self._make_producer()
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("the directory writer is not started")
        return self._producer

    @property
    def current(self) -> Directory:
        return self.view.current

    def record(self, agency_id: str) -> directory_pb2.Agency | None:
        return self.view.records.get(agency_id)

    def rotations(self, agency_id: str) -> Rotations:
        return rotations_of(self.view.records.get(agency_id))

    def agencies_with_rotations(self) -> dict[str, Rotations]:
        return {a: r for a in self.view.records if (r := self.rotations(a))}

    async def change(self, decide: Callable[[Directory], list[Change]],
                     origin: str = "operator") -> list[directory_pb2.Agency]:
        """Run `decide` on the current directory and publish what it returns (ChangeRefused: nothing)."""
        async with self._lock:
            records = [self._record(c, origin) for c in decide(self.view.current)]
            for record in records:
                await self._send(record)
            self.view.apply(records)
            return records

    async def publish_all(self) -> int:
        """Every agency as the view has it (files, then operators' changes), so consumers converge."""
        await self.view.wait_loaded()
        async with self._lock:
            records = []
            for agency in self.view.current.agencies:
                previous = self.view.records.get(agency.id)
                origin = previous.origin if previous is not None and previous.origin else "file"
                rotations = rotations_of(previous)
                records.append(self._record(Change(agency, rotations,
                                                   bool(previous and previous.retired)), origin))
            with tracer.start_as_current_span(f"publish {DIRECTORY_AGENCIES.name}"):  # one trace
                for record in records:
                    await self._send(record, wait=False)
                await self.producer.flush()
            self.view.apply(records)
        self.published_at_start.set()
        log.info("published the directory: %d agencies", len(records))
        return len(records)

    def is_published(self) -> bool:
        return self.published_at_start.is_set()

    async def publish_at_start(self) -> None:
        """publish_all, retried until it succeeds (readiness waits for it)."""
        while not self.published_at_start.is_set():
            try:
                await self.publish_all()
            except Exception:  # the broker is not there yet: readiness says so, we retry
                log.exception("publishing the directory failed; retrying")
                await asyncio.sleep(2.0)

    def _record(self, change: Change, origin: str) -> directory_pb2.Agency:
        record = agency_to_proto(change.agency, origin=origin, retired=change.retired,
                                 updated_time=to_timestamp(self._clock.now()))
        for endpoint in record.endpoints:
            for ref, until in change.rotations.get(endpoint.id, {}).items():
                endpoint.secret_refs_expire_time[ref].CopyFrom(to_timestamp(until))
        return record

    async def _send(self, record: directory_pb2.Agency, wait: bool = True) -> None:
        """In its `send` span (a child of the operator's request, or of the start-up publication),
        so the record carries a traceparent like every other."""
        with sending(DIRECTORY_AGENCIES.name, record.id):
            framed = codec.encode(record, source=SOURCE, subject=record.id,
                                  time=from_timestamp(record.updated_time))
            send = self.producer.send_and_wait if wait else self.producer.send
            await send(DIRECTORY_AGENCIES.name, key=framed.key, value=framed.value,
                       headers=framed.headers)
