"""Per-hop latency on the embedded broker against the consumers' fetch wait (`fetch_max_wait_ms`).

A raw two-hop chain (produce → consume → produce → consume, 3 partitions, 1 KiB records) at a fixed
rate, once per wait. The embedded broker answers a waiting fetch only when its wait ends, so the
wait sets each hop's latency; a shorter wait costs the broker and the consumers CPU per record
(more fetches). The project's stream workers wait 100 ms there (framework_fixes.tansu_fetch_wait),
faust's own 1,500 ms is the baseline row. `BENCH_WAITS=1500,500,100,20 BENCH_RATE=40 BENCH_SECONDS=12`.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.support import cpu_by_process, machine, table
from citycomm_common.topics import TopicSpec
from citycomm_dev.broker import EmbeddedBroker, ensure_topics

WAITS = [int(w) for w in os.environ.get("BENCH_WAITS", "1500,500,100,20").split(",")]
RATE = float(os.environ.get("BENCH_RATE", "40"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "12"))


async def chain(bootstrap: str, wait_ms: int) -> list[float]:
    """Latencies (ms) of RATE × SECONDS records through the two hops."""
    run = f"fetch-wait.{wait_ms}.{uuid.uuid4().hex[:6]}"
    first, second = f"{run}.a", f"{run}.b"
    ensure_topics(bootstrap, 3, [TopicSpec(first), TopicSpec(second)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    hop = AIOKafkaConsumer(first, bootstrap_servers=bootstrap, group_id=f"{run}-hop",
                           auto_offset_reset="earliest", fetch_max_wait_ms=wait_ms)
    sink = AIOKafkaConsumer(second, bootstrap_servers=bootstrap, group_id=f"{run}-sink",
                            auto_offset_reset="earliest", fetch_max_wait_ms=wait_ms)
    await asyncio.gather(producer.start(), hop.start(), sink.start())
    arrivals: dict[str, float] = {}

    async def forward() -> None:
        async for record in hop:
            await producer.send_and_wait(second, key=record.key, value=record.value)

    async def receive() -> None:
        async for record in sink:
            arrivals.setdefault(record.key.decode(), time.time())

    background = [asyncio.create_task(forward()), asyncio.create_task(receive())]
    try:
        sent: dict[str, float] = {}
        started = time.monotonic()
        for i in range(int(SECONDS * RATE)):
            await asyncio.sleep(max(0.0, started + i / RATE - time.monotonic()))
            key = uuid.uuid4().hex
            sent[key] = time.time()
            await producer.send_and_wait(first, key=key.encode(), value=b"x" * 1024)
        deadline = time.monotonic() + 30
        while len(arrivals) < len(sent) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        return [(arrivals[k] - sent[k]) * 1000 for k in sent if k in arrivals]
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(hop.stop(), sink.stop(), producer.stop(), return_exceptions=True)


def main() -> None:
    broker = EmbeddedBroker().start(3)
    rows = []
    try:
        pids = {"broker": broker.process.pid if broker.process else 0, "clients": os.getpid()}
        for wait in WAITS:
            before = cpu_by_process(pids)
            latencies = asyncio.run(chain(broker.bootstrap, wait))
            used = {name: seconds - before[name] for name, seconds in cpu_by_process(pids).items()}
            cuts = statistics.quantiles(latencies, n=100, method="inclusive")
            per_record = {name: 1000 * seconds / max(len(latencies), 1) for name, seconds in used.items()}
            rows.append([wait, len(latencies), cuts[49], cuts[94], cuts[98],
                         per_record["broker"], per_record["clients"]])
    finally:
        broker.stop()
    sys.stdout.write(table(["fetch wait ms", "records", "p50 ms", "p95 ms", "p99 ms",
                            "broker CPU ms/record", "clients CPU ms/record"], rows) + "\n")
    sys.stdout.write(f"\n{RATE:g} records/s for {SECONDS:g} s per wait; machine: {machine()}\n")


if __name__ == "__main__":
    main()
