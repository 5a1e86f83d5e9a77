"""What a service's bootstrap shares: the parts `build()` made that must be opened and closed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """Something build() made that must be opened before use and closed after."""

    start: Callable[[], Awaitable[None]]
    stop: Callable[[], Awaitable[None]]


async def start_all(parts: Iterable[Part]) -> None:
    """In the order build() made them: what is made later may need what came before."""
    for part in parts:
        await part.start()


async def stop_all(parts: Sequence[Part]) -> None:
    """In reverse order: nothing is closed while a part made after it still uses it."""
    for part in reversed(parts):
        await part.stop()
