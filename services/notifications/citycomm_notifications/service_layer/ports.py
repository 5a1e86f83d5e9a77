"""What the use cases need from the edges: keyed records, the outgoing topics, the other workers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from google.protobuf.message import Message

from citycomm.v1.notifications_pb2 import AgencyItem
from citycomm_common.directory_feed import DirectorySource
from citycomm_notifications.adapters.webhooks import Attempt

M = TypeVar("M", bound=Message)

Publish = Callable[[Message, str, str], Awaitable[None]]  # to notification.events: message, subject, event id
Mirror = Callable[[AgencyItem], Awaitable[None]]  # to the agency-keyed mirror of the deadline clocks


class Store(Protocol[M]):
    """Keyed protobuf records (a faust table in the worker, adapters/stores.py)."""

    def get(self, key: str) -> M | None: ...
    def put(self, key: str, record: M) -> None: ...
    def delete(self, key: str) -> None: ...
    def items(self) -> Iterator[tuple[str, M]]: ...  # only the records this worker acts on
    def generation(self) -> object: ...  # changes when what `items` yields may have changed wholesale


class Directory(DirectorySource, Protocol):
    """The agency directory as it is now (a DirectoryView): nothing is decided on the files alone."""

    async def wait_loaded(self) -> None: ...  # until directory.agencies has been read to its end


class WebhookSender(Protocol):
    """Posts one signed webhook, connecting only to `addresses` (adapters/webhooks.py)."""

    async def post(self, url: str, headers: dict[str, str], payload: str,
                   addresses: Sequence[str] = ()) -> Attempt: ...
    async def close(self) -> None: ...


@dataclass
class Gathered:
    """What the other workers answered: bodies of 2xx answers, how many had nothing (404), and
    the workers that did not answer at all (the view is then incomplete, and says so)."""

    answers: list[Any] = field(default_factory=list)
    not_found: int = 0
    missing: list[str] = field(default_factory=list)


class OtherWorkers(Protocol):
    """The group's other workers, asked the same operator request (adapters/peers.py)."""

    async def ask(self, method: str, path: str, *, params: dict[str, str] | None = None,
                  body: Any = None) -> Gathered: ...
    async def close(self) -> None: ...
