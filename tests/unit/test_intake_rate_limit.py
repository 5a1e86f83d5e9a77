"""The citizens' rate limit: token buckets in process, the shared store's failover, throttled warnings."""

from __future__ import annotations

import logging

import pytest

from citycomm_common.throttled_log import ThrottledLog
from citycomm_intake.adapters.rate_limits import RedisLimiter, SharedLimiter, citizen_limiter, redis_storage
from citycomm_intake.domain.rate_limit import TokenBuckets, Verdict, window_seconds
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
