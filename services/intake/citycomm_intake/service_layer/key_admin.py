"""API keys as operators manage them (`citycomm-intake keys`): a key goes only to a party the
directory knows as of today in the city; its secret is shown once and only its hash is kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from citycomm_common.clock import Clock
from citycomm_common.directory import Directory
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_intake.domain.key_parties import NotInDirectory, PartyRefused, check_form, check_member
from citycomm_intake.domain.principals import KeyInfo, Role


class KeyRecords(Protocol):
    async def create(self, role: Role, party_id: str, label: str, now: datetime) -> tuple[str, str]: ...
    async def revoke(self, key_id: str, now: datetime) -> bool: ...
    async def list(self) -> list[KeyInfo]: ...


@dataclass(frozen=True)
class KeyAdmin:
    store: KeyRecords
    clock: Clock
    files: Callable[[], Directory]  # the directory files
    live: Callable[[float], Awaitable[Directory | None]]  # directory.agencies, None if silent that long
    live_name: str  # where `live` reads, for a refusal's message

    async def create(self, role: Role, party: str, label: str, wait: float) -> tuple[str, str]:
        """(key id, key); raises PartyRefused, waiting up to `wait` s for the live directory if need be."""
        now = self.clock.now()
        await self.check_party(role, party, now.astimezone(CITY_ZONE).date(), wait)
        return await self.store.create(role, party, label, now)

    async def revoke(self, key_id: str) -> bool:
        """False if no active key has this id."""
        return await self.store.revoke(key_id, self.clock.now())

    async def list(self) -> list[KeyInfo]:
        return await self.store.list()

    async def check_party(self, role: Role, party: str, today: date, wait: float) -> None:
        """The directory files first; an agency an operator added is only in directory.agencies."""
        check_form(role, party)
        try:
            check_member(role, party, self.files(), today)
        except NotInDirectory as by_files:
            live = await self.live(wait)
            if live is None:
                raise PartyRefused(
                    f"{by_files}; the live directory ({self.live_name}), which has the operators' "
                    f"additions, did not answer within {wait:g} s"
                ) from None
            check_member(role, party, live, today)
