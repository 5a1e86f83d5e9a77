"""The citizens' rate limit (token buckets, the shared store's failover, IPv6 keys) and the edge's
throttled warnings and descriptor-bound connection cap."""

from __future__ import annotations

import logging
import resource

import pytest
from limits.errors import StorageError

from citycomm_common.edge_limits import within_descriptor_limit
from citycomm_common.throttled_log import ThrottledLog
from citycomm_intake.adapters.rate_limits import RedisLimiter, SharedLimiter, citizen_limiter, redis_storage
from citycomm_intake.domain.errors import RateLimited
from citycomm_intake.domain.rate_limit import TokenBuckets, Verdict, window_seconds
from citycomm_intake.service_layer.callers import limit_citizen
from citycomm_intake.settings import IntakeSettings


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


async def test_a_burst_then_the_rate_with_the_wait_announced() -> None:
    clock = Ticks()
    buckets = TokenBuckets(per_second=0.5, burst=3, now=clock)
    assert [(await buckets.hit("a")).allowed for _ in range(4)] == [True, True, True, False]
    assert await buckets.hit("a") == Verdict(False, 2)  # half a token a second: 2 s to the next one
    assert (await buckets.hit("b")).allowed  # another client has its own bucket
    clock.now = 2.0
    assert (await buckets.hit("a")).allowed and not (await buckets.hit("a")).allowed


async def test_buckets_stay_bounded_forgetting_the_least_recently_seen() -> None:
    buckets = TokenBuckets(per_second=1, burst=1, max_clients=100, now=Ticks())
    for i in range(1000):
        await buckets.hit(f"10.0.{i // 256}.{i % 256}")
    assert len(buckets) == 100


def test_the_shared_window_holds_the_buckets_budget() -> None:
    assert window_seconds(1.0, 60) == 60 and window_seconds(1000, 1000) == 1 and window_seconds(3, 1) == 1


async def test_without_a_storage_url_each_process_counts_in_memory() -> None:
    assert isinstance(citizen_limiter(IntakeSettings()), TokenBuckets)


def test_a_storage_url_must_be_redis() -> None:
    with pytest.raises(ValueError, match="redis://"):
        IntakeSettings(rate_limit_storage_url="http://127.0.0.1:6379")  # type: ignore[arg-type]


async def test_while_redis_does_not_answer_each_process_limits_on_its_own(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Ticks()
    storage = redis_storage(f"redis://127.0.0.1:{closed_port()}/0", "test", timeout=0.25)
    limiter = SharedLimiter(RedisLimiter(storage, 1.0, 3), TokenBuckets(1.0, 3, now=clock), 5.0, now=clock)
    with caplog.at_level(logging.WARNING):
        verdicts = [await limiter.hit("198.51.100.1") for _ in range(4)]
        clock.now = 6.0  # past the retry interval: Redis is asked again, fails again, said once
        await limiter.hit("198.51.100.2")
    assert [v.allowed for v in verdicts] == [True, True, True, False] and verdicts[-1].retry_after >= 1
    warnings = [r.getMessage() for r in caplog.records if "rate-limit store did not answer" in r.getMessage()]
    assert len(warnings) == 1 and "on its own" in warnings[0]
    await limiter.close()


def test_a_flood_of_one_kind_is_a_line_a_minute_with_the_count_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Ticks()
    throttled = ThrottledLog(logging.getLogger("citycomm.test"), interval=60, now=clock)
    with caplog.at_level(logging.WARNING):
        for i in range(1000):
            clock.now = i * 0.1  # 1000 events in 100 s
            throttled.warning("slow", "closed %s", i)
        throttled.warning("other", "another kind is not held back")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["closed 0", "closed 600 (and 599 more like it in the last 60 s)",
                     "another kind is not held back"]


async def test_by_default_a_citizen_may_send_60_at_once_then_about_one_a_second() -> None:
    limiter = citizen_limiter(IntakeSettings())
    verdicts = [await limiter.hit("198.51.100.1") for _ in range(61)]
    assert all(v.allowed for v in verdicts[:60]) and verdicts[60] == Verdict(False, 1)


class DownStore:
    """A shared store that fails every call, counting them."""

    def __init__(self) -> None:
        self.calls = 0

    async def hit(self, client: str) -> Verdict:
        self.calls += 1
        raise StorageError(ConnectionError("down"))

    async def close(self) -> None:
        pass


async def test_a_failed_store_is_asked_again_only_after_the_retry_interval() -> None:
    clock, store = Ticks(), DownStore()
    limiter = SharedLimiter(store, TokenBuckets(1.0, 100, now=clock), retry_seconds=5.0, now=clock)
    for moment in (0.0, 1.0, 4.9):
        clock.now = moment
        assert (await limiter.hit("a")).allowed
    assert store.calls == 1
    clock.now = 5.1
    await limiter.hit("a")
    assert store.calls == 2


async def test_addresses_of_one_ipv6_64_share_a_limit() -> None:
    buckets = TokenBuckets(per_second=0.01, burst=2, now=Ticks())
    await limit_citizen(buckets, "2001:db8:7:7::1")
    await limit_citizen(buckets, "2001:db8:7:7:ffff::2")
    with pytest.raises(RateLimited):
        await limit_citizen(buckets, "2001:db8:7:7::3")
    await limit_citizen(buckets, "2001:db8:7:8::1")  # the next /64 is another client


def test_the_connection_cap_stays_below_the_file_descriptor_limit(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(resource, "getrlimit", lambda _: (1024, 1024))
    assert within_descriptor_limit(500) == 500
    with caplog.at_level(logging.WARNING):
        assert within_descriptor_limit(2048) == 768  # 1024 less a quarter (at least 256)
    assert "ulimit -n 1024" in caplog.text
    monkeypatch.setattr(resource, "getrlimit", lambda _: (20_000, 20_000))
    assert within_descriptor_limit(2048) == 2048 and within_descriptor_limit(19_000) == 15_000
