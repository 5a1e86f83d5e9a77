"""The API-key cache: TTL, revocation within the TTL, failures never cached, a bounded size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citycomm_intake import bootstrap
from citycomm_intake.adapters.key_cache import CachedKeys
from citycomm_intake.domain.principals import Principal, Role
from citycomm_intake.settings import IntakeSettings

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingStore:
    def __init__(self) -> None:
        self.keys: dict[str, Principal] = {}
        self.lookups: list[str] = []

    def issue(self, key_id: str) -> str:
        key = f"cck_{key_id}_secret-of-{key_id}"
        self.keys[key] = Principal(Role.PRESS_AGENCY, f"party-{key_id}", key_id)
        return key

    async def authenticate(self, presented: str) -> Principal | None:
        self.lookups.append(presented)
        return self.keys.get(presented)

    async def revoke(self, key_id: str, now: datetime) -> bool:
        gone = [k for k, p in self.keys.items() if p.key_id == key_id]
        for key in gone:
            del self.keys[key]
        return bool(gone)

    async def remember(self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime) -> str:
        return fingerprint


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def store() -> CountingStore:
    return CountingStore()


def cache(store: CountingStore, ticks: Ticks, ttl: float = 5.0, size: int = 100) -> CachedKeys:
    return CachedKeys(store, ttl=ttl, size=size, monotonic=ticks)


async def test_a_verified_key_is_not_looked_up_again_within_the_ttl(
    store: CountingStore, ticks: Ticks
) -> None:
    keys = cache(store, ticks)
    key = store.issue("a1")
    first = await keys.authenticate(key)
    ticks.now += 4.9
    assert await keys.authenticate(key) == first and first is not None and first.key_id == "a1"
    assert len(store.lookups) == 1
    ticks.now += 0.1  # the ttl has passed: asked again
    assert await keys.authenticate(key) == first
    assert len(store.lookups) == 2


async def test_a_key_revoked_in_the_database_is_refused_within_the_ttl(
    store: CountingStore, ticks: Ticks
) -> None:
    """As `citycomm-intake keys revoke` does it: from another process, so this cache is not told."""
    keys = cache(store, ticks)
    key = store.issue("a1")
    assert await keys.authenticate(key) is not None
    ticks.now += 1.0
    await store.revoke("a1", NOW)
    assert await keys.authenticate(key) is not None  # still trusted: the bound, not zero
    ticks.now += 4.0  # 5 s after the look-up
    assert await keys.authenticate(key) is None
    assert await keys.authenticate(key) is None  # and the refusal is not cached either
    assert len(store.lookups) == 3 and len(keys) == 0


async def test_failures_are_never_cached(store: CountingStore, ticks: Ticks) -> None:
    keys = cache(store, ticks)
    key = store.issue("a1")
    wrong_secret = key[:-1] + "X"
    for _ in range(3):
        assert await keys.authenticate("cck_zz99_unknown") is None
        assert await keys.authenticate(wrong_secret) is None
    assert len(store.lookups) == 6 and len(keys) == 0
    assert await keys.authenticate(key) is not None
    # A cached key id with a wrong secret is a different entry: it still goes to the store.
    assert await keys.authenticate(wrong_secret) is None and len(store.lookups) == 8


async def test_the_cache_is_bounded_least_recently_used_out_first(store: CountingStore, ticks: Ticks) -> None:
    keys = cache(store, ticks, size=3)
    issued = [store.issue(f"k{n}") for n in range(5)]
    for key in issued[:3]:
        await keys.authenticate(key)
    await keys.authenticate(issued[0])  # k0 used again: k1 is now the oldest
    await keys.authenticate(issued[3])
    await keys.authenticate(issued[4])
    assert len(keys) == 3
    store.lookups.clear()
    for key in (issued[0], issued[3], issued[4]):
        await keys.authenticate(key)
    assert store.lookups == []  # these stayed
    await keys.authenticate(issued[1])
    assert store.lookups == [issued[1]]  # k1 had been evicted


async def test_a_flood_of_bad_keys_neither_grows_the_cache_nor_evicts_good_keys(
    store: CountingStore, ticks: Ticks
) -> None:
    keys = cache(store, ticks, size=2)
    key = store.issue("a1")
    await keys.authenticate(key)
    for n in range(10_000):
        await keys.authenticate(f"cck_{n:x}_guess")
    assert len(keys) == 1
    store.lookups.clear()
    assert await keys.authenticate(key) is not None and store.lookups == []


async def test_only_a_digest_of_the_key_is_held(store: CountingStore, ticks: Ticks) -> None:
    keys = cache(store, ticks)
    key = store.issue("a1")
    await keys.authenticate(key)
    assert key not in repr(keys._entries)  # noqa: SLF001 - what is really held in memory


def test_the_cache_is_configured_and_can_be_turned_off(store: CountingStore) -> None:
    settings = IntakeSettings()
    assert (settings.api_key_cache_seconds, settings.api_key_cache_size) == (5.0, 1000)
    cached = bootstrap.cached_keys(settings, store)  # type: ignore[arg-type]
    assert isinstance(cached, CachedKeys) and (cached.ttl, cached.size) == (5.0, 1000)
    assert bootstrap.cached_keys(IntakeSettings(api_key_cache_seconds=0), store) is store  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        IntakeSettings(api_key_cache_seconds=3600)  # revocation must stay prompt
