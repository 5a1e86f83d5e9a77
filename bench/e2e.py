"""End to end: submit through intake → signed webhook received, against a raw Kafka chain.

The baseline is produce → consume → produce → consume through the same broker with no service
logic (two hops, like commands → events), at the same offered load, in the same run.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.support import Running, cpu_by_process, machine, percentiles, platform_running, table
from citycomm_common.topics import TopicSpec
from citycomm_dev.broker import ensure_topics

SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
FIXED_RATE = float(os.environ.get("BENCH_RATE", "40"))
MAX_CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
PAYLOAD = b"x" * 1024


class Offered:
    """Submissions at a fixed rate (rate given), or as fast as `concurrency` clients can (rate None)
    for SECONDS or until `count` were sent: the baseline gets the count the platform took."""

    def __init__(self, rate: float | None, concurrency: int = MAX_CONCURRENCY, count: int = 0) -> None:
        self.rate = rate
        self.concurrency = concurrency
        self.count = count

    async def drive(self, send: object) -> dict[str, float]:
        sent: dict[str, float] = {}
        deadline = time.monotonic() + SECONDS
        if self.rate is None:
            budget = [self.count or 10**9]

            async def client() -> None:
                while time.monotonic() < deadline and budget[0] > 0:
                    budget[0] -= 1
                    await send(sent)  # type: ignore[operator]
            await asyncio.gather(*(client() for _ in range(self.concurrency)))
            return sent
        tasks = []
        started = time.monotonic()
        for i in range(int(SECONDS * self.rate)):
            await asyncio.sleep(max(0.0, started + i / self.rate - time.monotonic()))
            tasks.append(asyncio.create_task(send(sent)))  # type: ignore[operator]
        await asyncio.gather(*tasks)
        return sent


async def platform_run(running: Running, offered: Offered) -> dict[str, float]:
    url = f"http://127.0.0.1:{running.config.ports.intake_http}/v1/feedback"
    limits = httpx.Limits(max_connections=MAX_CONCURRENCY * 2)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def send(sent: dict[str, float]) -> None:
            started = time.time()
            response = await client.post(url, headers={"Idempotency-Key": uuid.uuid4().hex}, json={
                "category": "noise", "ward": "26740", "title": "bench", "description": "bench"})
            if response.status_code == 202:
                sent[response.json()["inquiry_id"]] = started

        sent = await offered.drive(send)
        arrivals = await wait_arrivals(client, running.receiver_url, set(sent))
    return summarize(sent, arrivals)


async def wait_arrivals(client: httpx.AsyncClient, receiver: str, expected: set[str]) -> dict[str, float]:
    deadline = time.monotonic() + 180
    while True:
        arrivals: dict[str, float] = (await client.get(f"{receiver}/arrivals")).json()
        if expected <= arrivals.keys() or time.monotonic() > deadline:
            return {k: arrivals[k] for k in expected if k in arrivals}
        await asyncio.sleep(0.5)


def summarize(sent: dict[str, float], arrivals: dict[str, float]) -> dict[str, float]:
    latencies = [(arrivals[k] - sent[k]) * 1000 for k in arrivals]
    span = max(arrivals.values()) - min(sent.values()) if arrivals else float("nan")
    return {"sent": len(sent), "delivered": len(arrivals), "throughput": len(arrivals) / span,
            **percentiles(latencies)}


async def chain_run(bootstrap: str, offered: Offered, run: str) -> dict[str, float]:
    first, second = f"bench.{run}.a", f"bench.{run}.b"
    ensure_topics(bootstrap, 3, [TopicSpec(first), TopicSpec(second)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    forwarder_in = AIOKafkaConsumer(first, bootstrap_servers=bootstrap, group_id=f"{run}-fwd",
                                    auto_offset_reset="earliest")
    sink = AIOKafkaConsumer(second, bootstrap_servers=bootstrap, group_id=f"{run}-sink",
                            auto_offset_reset="earliest")
    await asyncio.gather(producer.start(), forwarder_in.start(), sink.start())
    arrivals: dict[str, float] = {}

    async def forward() -> None:
        async for record in forwarder_in:
            await producer.send_and_wait(second, key=record.key, value=record.value)

    async def receive() -> None:
        async for record in sink:
            arrivals.setdefault(record.key.decode(), time.time())

    background = [asyncio.create_task(forward()), asyncio.create_task(receive())]

    async def send(sent: dict[str, float]) -> None:
        key, started = uuid.uuid4().hex, time.time()
        await producer.send_and_wait(first, key=key.encode(), value=PAYLOAD)
        sent[key] = started

    try:
        sent = await offered.drive(send)
        deadline = time.monotonic() + 60
        while not sent.keys() <= arrivals.keys() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        await asyncio.gather(producer.stop(), forwarder_in.stop(), sink.stop())
    return summarize(sent, {k: arrivals[k] for k in sent if k in arrivals})


CPU_ROWS: list[list[object]] = []  # CPU ms per delivered inquiry, by process, per load


async def measure() -> list[list[object]]:
    rows: list[list[object]] = []
    with platform_running() as running:
        for label, offered in ((f"fixed {FIXED_RATE:.0f}/s", Offered(FIXED_RATE)),
                               (f"max ({MAX_CONCURRENCY} clients)", Offered(None))):
            before = cpu_by_process(running.pids)
            ours = await platform_run(running, offered)
            used = {name: seconds - before[name] for name, seconds in cpu_by_process(running.pids).items()}
            per = 1000 / max(ours["delivered"], 1)
            CPU_ROWS.append([label, *(used[name] * per for name in running.pids), sum(used.values()) * per])
            same_load = offered if offered.rate else Offered(None, count=int(ours["sent"]))
            base = await chain_run(running.broker.bootstrap, same_load, uuid.uuid4().hex[:8])
            for name, result in (("CityComm submit → webhook", ours), ("raw Kafka 2-hop chain", base)):
                rows.append([label, name, result["sent"], result["delivered"], result["throughput"],
                             result["p50"], result["p95"], result["p99"]])
            rows.append([label, "ratio (CityComm / raw)", "", "", ours["throughput"] / base["throughput"],
                         ours["p50"] / base["p50"], ours["p95"] / base["p95"], ours["p99"] / base["p99"]])
    return rows


def main() -> None:
    rows = asyncio.run(measure())
    header = ["load", "path", "sent", "delivered", "msg/s", "p50 ms", "p95 ms", "p99 ms"]
    print(table(header, rows))  # noqa: T201 - a benchmark's report
    names = ["intake", "routing", "notifications", "reporting", "broker", "receiver", "load generator"]
    print("\nCPU ms per delivered inquiry, by process (CityComm runs only):\n")  # noqa: T201
    print(table(["load", *names, "all"], CPU_ROWS))  # noqa: T201
    print(f"\n{SECONDS:.0f} s per run; machine: {machine()}")  # noqa: T201


if __name__ == "__main__":
    main()
