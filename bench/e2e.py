"""End to end: submit through intake → signed webhook received, three ways in one run.

CityComm; a skeleton of its exact shape with no business logic (bench.skeleton: an HTTP endpoint
that produces, a consumer producing two records, a consumer POSTing signed webhooks, on the same
broker and receiver); and a raw chain produce → consume → produce → consume (two hops, like
commands → events). CityComm / skeleton is what our code costs; skeleton / raw what the HTTP
stack, the extra hop and the webhook cost. Each path gets the same offered load.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench import skeleton
from bench.support import cpu_by_process, machine, percentiles, platform_running, table
from citycomm_common.framework_fixes.tansu_fetch_wait import EMBEDDED_FETCH_MAX_WAIT_MS
from citycomm_common.topics import TopicSpec
from citycomm_dev.broker import ensure_topics, free_port
from citycomm_dev.polling import wait_for

SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
FIXED_RATES = [float(r) for r in os.environ.get("BENCH_RATES", "40,200").split(",")]
MAX_CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
SATURATE = os.environ.get("BENCH_SATURATE", "1") != "0"  # 0: the fixed rates only
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


async def platform_run(port: int, receiver: str, offered: Offered) -> dict[str, float]:
    """CityComm's intake, or the skeleton's endpoint of the same contract, to the receiver."""
    url = f"http://127.0.0.1:{port}/v1/feedback"
    limits = httpx.Limits(max_connections=MAX_CONCURRENCY * 2)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def send(sent: dict[str, float]) -> None:
            started, key = time.time(), uuid.uuid4().hex
            for attempt in range(3):  # a kept-alive connection the server just closed: retried, same key
                try:
                    response = await client.post(url, headers={"Idempotency-Key": key}, json={
                        "category": "noise", "ward": "26740", "title": "bench", "description": "bench"})
                    break
                except httpx.TransportError:
                    if attempt == 2:
                        raise
            if response.status_code == 202:
                sent[response.json()["inquiry_id"]] = started

        sent = await offered.drive(send)
        arrivals = await wait_arrivals(client, receiver, set(sent))
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
    # The embedded broker's fetch wait, as CityComm's and the skeleton's consumers have it.
    forwarder_in = AIOKafkaConsumer(first, bootstrap_servers=bootstrap, group_id=f"{run}-fwd",
                                    auto_offset_reset="earliest",
                                    fetch_max_wait_ms=EMBEDDED_FETCH_MAX_WAIT_MS)
    sink = AIOKafkaConsumer(second, bootstrap_servers=bootstrap, group_id=f"{run}-sink",
                            auto_offset_reset="earliest", fetch_max_wait_ms=EMBEDDED_FETCH_MAX_WAIT_MS)
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


@contextmanager
def skeleton_running(bootstrap: str, receiver_url: str) -> Iterator[tuple[str, dict[str, int]]]:
    """The same-shape skeleton (bench.skeleton) on the platform's broker: its URL and processes."""
    ensure_topics(bootstrap, 3, [skeleton.COMMANDS, skeleton.EVENTS])
    port = free_port()
    module = [sys.executable, "-m", "bench.skeleton"]
    roles = {"http": [str(port), bootstrap], "route": [bootstrap],
             "notify": [bootstrap, f"{receiver_url}/webhooks"], "read": [bootstrap]}
    started = {role: subprocess.Popen([*module, role, *args]) for role, args in roles.items()}
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(f"{url}/healthz"), 20, "the skeleton's HTTP endpoint")
        yield url, {f"skeleton {role}": process.pid for role, process in started.items()}
    finally:
        for process in started.values():
            process.terminate()
        for process in started.values():
            process.wait(10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


CPU_ROWS: list[list[object]] = []  # CPU ms per delivered inquiry, by process, per load and path
CPU_NAMES = ["intake", "routing", "notifications", "reporting", "broker", "receiver", "load generator"]
SKELETON_NAMES = ["skeleton http", "skeleton route", "skeleton notify", "skeleton read", "broker",
                  "receiver", "load generator"]


async def _timed(label: str, path: str, pids: dict[str, int], run: object) -> dict[str, float]:
    before = cpu_by_process(pids)
    result: dict[str, float] = await run  # type: ignore[misc]
    used = {name: seconds - before[name] for name, seconds in cpu_by_process(pids).items()}
    per = 1000 / max(result["delivered"], 1)
    CPU_ROWS.append([label, path, *(used[name] * per for name in pids), sum(used.values()) * per])
    return result


def _row(label: str, name: str, result: dict[str, float]) -> list[object]:
    return [label, name, result["sent"], result["delivered"], result["throughput"],
            result["p50"], result["p95"], result["p99"]]


def _ratio(label: str, name: str, top: dict[str, float], bottom: dict[str, float]) -> list[object]:
    return [label, name, "", "", top["throughput"] / bottom["throughput"],
            *(top[p] / bottom[p] for p in ("p50", "p95", "p99"))]


async def measure() -> list[list[object]]:
    rows: list[list[object]] = []
    with platform_running() as running:
        shared = {n: running.pids[n] for n in ("broker", "receiver", "load generator")}
        ours_pids = {n: running.pids[n] for n in CPU_NAMES}
        with skeleton_running(running.broker.bootstrap, running.receiver_url) as (url, own):
            skeleton_pids = own | shared
            await _warm_up(url, running.receiver_url)
            loads = [(f"fixed {rate:.0f}/s", Offered(rate)) for rate in FIXED_RATES]
            if SATURATE:
                loads.append((f"max ({MAX_CONCURRENCY} clients)", Offered(None)))
            for label, offered in loads:
                ours = await _timed(label, "CityComm", ours_pids, platform_run(
                    running.config.ports.intake_http, running.receiver_url, offered))
                bare = await _timed(label, "skeleton", skeleton_pids, platform_run(
                    int(url.rsplit(":", 1)[1]), running.receiver_url, offered))
                same_load = offered if offered.rate else Offered(None, count=int(bare["sent"]))
                base = await chain_run(running.broker.bootstrap, same_load, uuid.uuid4().hex[:8])
                rows += [_row(label, "CityComm submit → webhook", ours),
                         _row(label, "same-shape skeleton", bare),
                         _row(label, "raw Kafka 2-hop chain", base),
                         _ratio(label, "ratio CityComm / skeleton", ours, bare),
                         _ratio(label, "ratio skeleton / raw", bare, base)]
    return rows


async def _warm_up(url: str, receiver: str) -> None:
    """One inquiry through the skeleton: its consumers have joined their groups before timing."""
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(f"{url}/v1/feedback", json={
            "category": "noise", "ward": "26740", "title": "warm-up", "description": "warm-up"})
        await wait_arrivals(client, receiver, {response.json()["inquiry_id"]})


def main() -> None:
    rows = asyncio.run(measure())
    header = ["load", "path", "sent", "delivered", "msg/s", "p50 ms", "p95 ms", "p99 ms"]
    print(table(header, rows))  # noqa: T201 - a benchmark's report
    print("\nCPU ms per delivered inquiry, by process (first four columns: the path's own "  # noqa: T201
          "processes, CityComm's intake/routing/notifications/reporting or the skeleton's "
          "http/route/notify/read):\n")
    print(table(["load", "path", "http", "route", "notify", "read", "broker", "receiver",  # noqa: T201
                 "load generator", "all"], CPU_ROWS))
    print(f"\n{SECONDS:.0f} s per run; machine: {machine()}")  # noqa: T201


if __name__ == "__main__":
    main()
