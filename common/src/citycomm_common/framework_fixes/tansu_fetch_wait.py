"""On the embedded broker, stream workers' fetches wait 100 ms, not faust's 1.5 s; installed only
with CITYCOMM_KAFKA_COMPAT=tansu.

Upstream: faust-streaming 0.15.3's `AIOKafkaConsumerThread._create_worker_consumer` creates the
worker's aiokafka consumer with `fetch_max_wait_ms=1500`, with no setting to change it. On Apache
Kafka that costs no latency: a fetch returns as soon as `fetch_min_bytes` (1) is there, and the
wait only bounds an idle fetch. Tansu, the embedded broker of local runs and tests, does not
answer a waiting fetch when records arrive: it answers when the wait ends. So each hop waited
half the wait on average, and a record crossing commands → routing → events → notifications
waited about 0.6 s before any work (docs/benchmarks.md, "Per-hop latency on the embedded broker":
the raw two-hop chain's p50 is 580 ms at 1,500 ms, 200 ms at 500 ms, 43 ms at 100 ms, 11 ms at
20 ms; the broker's CPU per record doubles from 500 to 100 ms and doubles again at 20 ms).

The fix wraps `_create_worker_consumer` (process-wide) and gives the new consumer a 100 ms
wait before it starts. Production keeps faust's 1.5 s: `framework_fixes.install` leaves this out
unless `kafka_compat` is "tansu", which production refuses (citycomm_common.settings).

No longer needed when Tansu answers a waiting fetch as records arrive (then the latency table in
docs/benchmarks.md no longer depends on the wait), or faust lets the wait be configured:
tests/unit/test_framework_fixes_tansu_fetch_wait.py checks the patch point in faust.
"""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaConsumer
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

from citycomm_common.framework_fixes.private_attributes import set_fetch_max_wait

EMBEDDED_FETCH_MAX_WAIT_MS = 100
_original_create_worker_consumer = AIOKafkaConsumerThread._create_worker_consumer


def _create_worker_consumer(self: AIOKafkaConsumerThread, transport: Any) -> AIOKafkaConsumer:
    consumer = _original_create_worker_consumer(self, transport)
    set_fetch_max_wait(consumer, EMBEDDED_FETCH_MAX_WAIT_MS)
    return consumer


def install() -> None:
    AIOKafkaConsumerThread._create_worker_consumer = _create_worker_consumer  # type: ignore[method-assign]
