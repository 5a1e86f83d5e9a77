"""Routing: decisions per second with the default directory and rules; command→event throughput.

1. In process: `Router.route` and the whole `decide` (rules, deadline, events) over a mix of
   inquiries with the full default directory (191 agencies) and rule book.
2. On one embedded broker, in the same run: the routing worker (faust, table with changelog)
   turning N SubmitInquiry commands into 2N events, against a raw aiokafka loop that consumes
   N records and produces 2N records of the same sizes (no logic, no state).

Run: `python -m bench.routing` (BENCH_COMMANDS=N, default 3000).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bench.support import cpu_seconds, machine, table
from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common import codec
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import load_directory
from citycomm_common.kafka import producer_options
from citycomm_common.settings import REPO_CONFIG_DIR, CommonSettings
from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS, TopicSpec
from citycomm_dev.broker import EmbeddedBroker, ensure_topics, free_port
from citycomm_dev.processes import ARTIFACTS, ServiceProcess
from citycomm_dev.stack import ProcessSpec
from citycomm_routing import bootstrap
from citycomm_routing.domain.lifecycle.decide import decide
from citycomm_routing.settings import RoutingSettings

COMMANDS = int(os.environ.get("BENCH_COMMANDS", "3000"))
RAW_IN, RAW_OUT = TopicSpec("bench.raw.commands"), TopicSpec("bench.raw.events")
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
TEXTS = ["Hát karaoke ồn ào sau 22 giờ", "Ổ gà trên mặt đường", "Vụ ngộ độc ở bếp ăn trường",
         "Ngập nước sau mưa", "Câu hỏi về học phí", "Một câu hỏi chung chung", "Mất điện cả ngày"]
CATEGORIES = ["noise", "", "food-safety", "drainage-flooding", "education", "", "electricity"]
KINDS = [common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, common_pb2.INQUIRY_KIND_PRESS_REQUEST,
         common_pb2.INQUIRY_KIND_BRIEFING_QUESTION, common_pb2.INQUIRY_KIND_MEDIA_ALERT]


def inquiries(count: int) -> list[commands_pb2.SubmitInquiry]:
    wards = [a.wards[0] for a in load_directory(REPO_CONFIG_DIR / "directory.yaml").agencies if a.wards]
    mix = zip(itertools.cycle(TEXTS), itertools.cycle(CATEGORIES), itertools.cycle(KINDS),
              itertools.cycle(wards), strict=False)
    return [commands_pb2.SubmitInquiry(
        command_id=str(uuid.uuid4()), inquiry_id=str(uuid.uuid4()), kind=kind, title=text,
        description=text, category=category, ward_code=ward, received_time=to_timestamp(NOW),
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_CITIZEN), channel="bench")
        for (text, category, kind, ward), _ in zip(mix, range(count), strict=False)]


def decisions_per_second() -> list[list[object]]:
    context = bootstrap.build(RoutingSettings(config_dir=REPO_CONFIG_DIR), clock=FakeClock(NOW)).context
    sample = inquiries(20_000)
    day = NOW.date()
    started = time.perf_counter()
    for submission in sample:
        context.router.route(submission, day)
    routed = len(sample) / (time.perf_counter() - started)
    started = time.perf_counter()
    for submission in sample:
        decide(None, submission, context.current())
    decided = len(sample) / (time.perf_counter() - started)
    return [["Router.route (rules only)", routed], ["decide (rules, deadline, 2 events)", decided]]


async def _produce(bootstrap_servers: str, topic: str, messages: list[commands_pb2.SubmitInquiry]
                   ) -> float:
    settings = CommonSettings(kafka_bootstrap_servers=bootstrap_servers, kafka_compat="tansu")
    producer = AIOKafkaProducer(**{**producer_options(settings, "bench"), "linger_ms": 5})
    await producer.start()
    started = time.monotonic()
    try:
        for message in messages:
            record = codec.encode(message, source="/bench", subject=message.inquiry_id)
            await producer.send(topic, key=record.key, value=record.value, headers=record.headers)
        await producer.flush()
    finally:
        await producer.stop()
    return started


async def _count_until(bootstrap_servers: str, topic: str, expected: int) -> float:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=None)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        seen, deadline = 0, time.monotonic() + float(os.environ.get("BENCH_TIMEOUT", "300"))
        while seen < expected and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=200, max_records=10_000)).values():
                seen += len(records)
            if os.environ.get("BENCH_DEBUG"):
                sys.stderr.write(f"{topic}: {seen}/{expected} on {parts}\n")
        if seen < expected:
            raise RuntimeError(f"only {seen} of {expected} records arrived on {topic}")
        return time.monotonic()
    finally:
        await consumer.stop()


async def _through(bootstrap_servers: str, source: str, sink: str, count: int) -> float:
    messages = inquiries(count)
    counting = asyncio.create_task(_count_until(bootstrap_servers, sink, 2 * count))
    started = await _produce(bootstrap_servers, source, messages)
    return count / (await counting - started)


async def raw_loop(bootstrap_servers: str) -> None:
    """The baseline: consume a command, produce two records of an event's size; nothing else."""
    settings = CommonSettings(kafka_bootstrap_servers=bootstrap_servers, kafka_compat="tansu")
    consumer = AIOKafkaConsumer(RAW_IN.name, bootstrap_servers=bootstrap_servers,
                                group_id="bench-raw", auto_offset_reset="earliest")
    producer = AIOKafkaProducer(**{**producer_options(settings, "bench-raw"), "linger_ms": 5})
    await consumer.start()
    await producer.start()
    while True:
        for records in (await consumer.getmany(timeout_ms=100, max_records=1000)).values():
            for record in records:
                for _ in range(2):
                    await producer.send(RAW_OUT.name, key=record.key, value=record.value,
                                        headers=list(record.headers))
        await producer.flush()


def _process(name: str, argv: list[str], env: dict[str, str], ready_url: str) -> ServiceProcess:
    spec = ProcessSpec(name, argv, env, ready_url)
    return ServiceProcess(spec, ARTIFACTS / "logs" / "bench-routing" / f"{name}.log").start()


def worker_vs_raw() -> list[list[object]]:
    broker = EmbeddedBroker(log_path=ARTIFACTS / "bench-routing-broker.log").start(partitions=3)
    ensure_topics(broker.bootstrap, 3, [RAW_IN, RAW_OUT])
    port = free_port()
    env = {"CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "CITYCOMM_KAFKA_COMPAT": "tansu",
           "CITYCOMM_HTTP_PORT": str(port), "CITYCOMM_LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as state:
        env["CITYCOMM_DATA_DIR"] = str(Path(state) / "routing")
        routing = _process("routing", [sys.executable, "-m", "citycomm_routing"], env,
                           f"http://127.0.0.1:{port}/readyz")
        raw = subprocess.Popen([sys.executable, "-m", "bench.routing", "--raw-loop",
                                broker.bootstrap])
        try:
            routing.wait_ready()
            worker_cpu = cpu_seconds(routing.process.pid)
            worker = asyncio.run(_through(broker.bootstrap, INQUIRY_COMMANDS.name,
                                          INQUIRY_EVENTS.name, COMMANDS))
            worker_cpu = cpu_seconds(routing.process.pid) - worker_cpu
            raw_cpu = cpu_seconds(raw.pid)
            baseline = asyncio.run(_through(broker.bootstrap, RAW_IN.name, RAW_OUT.name, COMMANDS))
            raw_cpu = cpu_seconds(raw.pid) - raw_cpu
        finally:
            raw.terminate()
            raw.wait(10)
            routing.terminate()
            broker.stop()
    # CPU per command is steadier than throughput on a shared machine (its own process's time).
    return [["routing worker (faust, table + changelog)", worker, f"{worker / baseline:.2f}",
             worker_cpu * 1e6 / COMMANDS],
            ["raw aiokafka consume→produce loop", baseline, "1.00", raw_cpu * 1e6 / COMMANDS]]


def main() -> None:
    sys.stdout.write(f"Machine: {machine()}; embedded broker (Tansu) on the same machine.\n\n")
    sys.stdout.write(table(["in process", "decisions/s"], decisions_per_second()) + "\n\n")
    sys.stdout.write(f"{COMMANDS} commands, 2 events each, 3 partitions:\n\n")
    sys.stdout.write(table(["path", "commands/s", "vs raw", "CPU µs per command"], worker_vs_raw()) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--raw-loop"]:
        asyncio.run(raw_loop(sys.argv[2]))
    else:
        main()
