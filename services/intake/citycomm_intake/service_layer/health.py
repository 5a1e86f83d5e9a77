"""Whether intake can take requests: the broker reachable, the key database answering, the
agency directory read (submissions naming an agency are checked against it)."""

from __future__ import annotations

from typing import Protocol

from citycomm_common.directory_feed import DirectorySource


class Reachable(Protocol):
    @property
    def reachable(self) -> bool: ...


class Answers(Protocol):
    async def ping(self) -> bool: ...


class Health:
    def __init__(self, *, broker: Reachable, database: Answers, directory: DirectorySource) -> None:
        self._broker, self._database, self._directory = broker, database, directory
        self.database_up = False  # as of the last check

    @property
    def broker_reachable(self) -> bool:
        return self._broker.reachable

    @property
    def directory_loaded(self) -> bool:
        return self._directory.is_loaded()

    @property
    def ready(self) -> bool:
        return self.broker_reachable and self.database_up and self.directory_loaded

    async def check(self) -> bool:
        """Ask the database again (the broker and the directory keep their own state); ready?"""
        self.database_up = await self._database.ping()
        return self.ready
