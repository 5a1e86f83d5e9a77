"""Routing on fakes: a producer that keeps what it would have sent, an inquiry table in memory,
and `container()`, routing's container built on them (the directory files alone, as if
directory.agencies held nothing more)."""

from __future__ import annotations

from functools import cache
from typing import Any

from citycomm.v1 import directory_pb2
from citycomm.v1.state_pb2 import InquiryState
from citycomm_common import codec
from citycomm_common.clock import Clock, SystemClock
from citycomm_common.directory import Directory, load_directory
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.settings import CommonSettings
from citycomm_routing import bootstrap
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.adapters.inquiry_table import InquiryTable
from citycomm_routing.settings import RoutingSettings
from tests.conftest import CONFIG_DIR


class FakeProducer:
    """Keeps the directory records that would have gone to the broker."""

    def __init__(self) -> None:
        self.sent: list[directory_pb2.Agency] = []
        self.raw: list[bytes] = []  # the values as on the wire (what the previous release reads)

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def flush(self) -> None: ...

    async def send_and_wait(self, topic: str, key: bytes, value: bytes,
                            headers: list[tuple[str, bytes]]) -> None:
        message = codec.decode(value, headers).message
        assert isinstance(message, directory_pb2.Agency) and key == message.id.encode()
        self.sent.append(message)
        self.raw.append(value)

    send = send_and_wait


class MemoryInquiryStates(InquiryTable):
    """The inquiry table's adapter over a dict: bytes as the faust table keeps them (written and
    read as routing writes and reads them), so nothing is shared; counts the writes."""

    def __init__(self) -> None:
        self.stored: dict[bytes, bytes] = {}
        super().__init__(self.stored)
        self.writes = 0

    def put(self, inquiry_id: str, state: InquiryState) -> None:
        super().put(inquiry_id, state)
        self.writes += 1


@cache
def directory_files() -> Directory:
    """config/directory.yaml, loaded once: a view starts from it and never changes it."""
    return load_directory(CONFIG_DIR / "directory.yaml")


def directory_view() -> DirectoryView:
    """A view of the files alone, as if directory.agencies held nothing more (not yet loaded)."""
    return DirectoryView(CommonSettings(config_dir=CONFIG_DIR), directory_files())


def settings(**fields: Any) -> RoutingSettings:
    return RoutingSettings(config_dir=CONFIG_DIR, **fields)


def container(routing_settings: RoutingSettings | None = None, *, clock: Clock | None = None,
              producer: FakeProducer | None = None) -> bootstrap.Container:
    """`bootstrap.build` over a directory view of the files and a writer to a FakeProducer."""
    routing_settings = routing_settings or settings()
    clock = clock or SystemClock()
    view = directory_view()
    made = producer or FakeProducer()
    writer = DirectoryWriter(view, lambda: made, clock)  # type: ignore[arg-type, return-value]
    return bootstrap.build(routing_settings, clock=clock, directory=view, directory_writer=writer)
