"""API keys for tests about something else, made in intake's key store directly: the management
command (`citycomm-intake keys`, a process each) is tested on its own in test_intake_keys.py."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.domain.principals import Role

Holders = Mapping[str, tuple[str, str]]  # holder's name → (role, party)


def issue(database_url: str, holders: Holders, label: str = "test") -> dict[str, str]:
    """A new key for each holder, by name."""
    async def run() -> dict[str, str]:
        store = await KeyStore.open(database_url)
        try:
            now = datetime.now(UTC)
            return {name: (await store.create(Role(role), party, label, now))[1]
                    for name, (role, party) in holders.items()}
        finally:
            await store.close()

    return asyncio.run(run())


def revoke(database_url: str, keys: Iterable[str]) -> None:
    async def run() -> None:
        store = await KeyStore.open(database_url)
        try:
            for key in keys:
                await store.revoke(key_id(key), datetime.now(UTC))
        finally:
            await store.close()

    asyncio.run(run())


def key_id(key: str) -> str:
    """`cck_<id>_<secret>` → `<id>`."""
    return key.split("_")[1]
