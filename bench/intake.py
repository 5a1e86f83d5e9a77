"""Intake: submit throughput and latency, against a bare FastAPI endpoint and a raw aiokafka produce.

All three in the same run, on one embedded broker:
1. intake (the real process: validation, NFC, ward resolution, idempotency, CloudEvents, produce
   with acks=all and a wait for the ack) — anonymous citizen feedback, and a press request with an
   API key (key verified, cached for CITYCOMM_API_KEY_CACHE_SECONDS, and an Idempotency-Key record
   written on every request; SQLite, or the database named by BENCH_KEYS_DATABASE_URL);
2. a bare FastAPI endpoint of the same shape (parses the same JSON, answers the same 202 body;
   no validation beyond JSON, no Kafka);
3. a raw aiokafka loop: the same number of concurrent senders, each `send_and_wait` of a record
   of the command's size (acks=all), no HTTP at all.

Load generator: `wrk` (Debian package; installed by this script with apt-get when missing and
root) with a Lua script giving every request a fresh Idempotency-Key; without wrk, an asyncio
httpx client with the same concurrency. Run: `python -m bench.intake` (BENCH_SECONDS=10,
BENCH_CONNECTIONS=16). The server's CPU time per request (user + system of the server process over
the run, divided by the requests served) is printed beside the rates: on a shared machine it moves
less than req/s does.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import uvicorn
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from bench.support import cpu_seconds, machine, percentiles, table
from citycomm_common.kafka import producer_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import TopicSpec
from citycomm_dev.broker import EmbeddedBroker, ensure_topics, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, ServiceProcess
from citycomm_dev.stack import ProcessSpec

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/bench (its intake tables are created if missing)
KEYS_DATABASE_URL = os.environ.get("BENCH_KEYS_DATABASE_URL", "")
RAW = TopicSpec("bench.raw.intake")
FEEDBACK = {
    "kind": "citizen_feedback",
    "category": "noise",
    "ward": "Phường Sài Gòn",
    "title": "Karaoke",
    "description": "Hát karaoke ồn ào sau 22 giờ mỗi đêm, xin cơ quan chức năng xử lý.",
}
PRESS = {
    "kind": "press_request",
    "agency_id": "so-xay-dung",
    "title": "Ngập đường Nguyễn Hữu Cảnh",
    "question": "Khi nào dự án chống ngập hoàn thành?",
}
LUA = """
counter = 0
request = function()
  counter = counter + 1
  local key = string.format("%s-%d-%d", "{run}", math.random(1, 1000000000), counter)
  return wrk.format("POST", "/v1/inquiries", {{["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key{auth}}}, [[{body}]])
end
"""


def bare_app() -> FastAPI:
    """The same shape as intake's submit: JSON in, 202 with ids and links out; nothing else."""
    api = FastAPI()

    @api.post("/v1/inquiries", status_code=202)
    async def submit(request: Request) -> JSONResponse:
        body = await request.json()
        inquiry = str(uuid.uuid4())
        return JSONResponse(
            {
                "inquiry_id": inquiry,
                "tracking_code": "ABCD-EFGH-JKMN",
                "command_id": inquiry,
                "status": "submitted",
                "kind": body.get("kind"),
                "links": {"status": "/v1/track/ABCD-EFGH-JKMN"},
            },
            status_code=202,
        )

    return api


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, check=False)
        found = shutil.which("wrk")
    return found


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(
    wrk: str, url: str, body: dict[str, object], key: str | None
) -> tuple[float, dict[str, float], int]:
    auth = f', ["Authorization"] = "Bearer {key}"' if key else ""
    script = LUA.format(run=uuid.uuid4().hex[:8], auth=auth, body=json.dumps(body, ensure_ascii=False))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    out = subprocess.run(
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s", lua.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(lua.name).unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    cuts = {f"p{p}": _ms(v, u) for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (
        rate,
        {"p50": cuts["p50"], "p95": cuts["p90"], "p99": cuts["p99"]},
        int(errors.group(1)) if errors else 0,
    )


async def run_httpx(
    url: str, body: dict[str, object], key: str | None
) -> tuple[float, dict[str, float], int]:
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + SECONDS
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < end:
            started = time.perf_counter()
            response = await client.post(
                url + "/v1/inquiries", json=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
            )
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code >= 300

    async with httpx.AsyncClient(timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(CONNECTIONS)))
    return len(latencies) / SECONDS, percentiles(latencies), errors


async def raw_produce(bootstrap: str, size: int) -> tuple[float, dict[str, float], int]:
    settings = CommonSettings(kafka_bootstrap_servers=bootstrap, kafka_compat="tansu")
    producer = AIOKafkaProducer(**producer_options(settings, "bench-raw"))
    await producer.start()
    latencies: list[float] = []
    value = os.urandom(size)
    end = time.perf_counter() + SECONDS

    async def sender() -> None:
        while time.perf_counter() < end:
            started = time.perf_counter()
            await producer.send_and_wait(RAW.name, key=uuid.uuid4().bytes, value=value)
            latencies.append((time.perf_counter() - started) * 1000)

    try:
        await asyncio.gather(*(sender() for _ in range(CONNECTIONS)))
    finally:
        await producer.stop()
    return len(latencies) / SECONDS, percentiles(latencies), 0


def start_intake(bootstrap: str, state: Path) -> tuple[ServiceProcess, str, str]:
    http_port = free_port()
    env = {
        "CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CITYCOMM_KAFKA_COMPAT": "tansu",
        "CITYCOMM_HTTP_PORT": str(http_port),
        "CITYCOMM_GRPC_PORT": str(free_port()),
        "CITYCOMM_REPORTING_GRPC_TARGET": f"127.0.0.1:{free_port()}",
        "CITYCOMM_LOG_LEVEL": "WARNING",
        "CITYCOMM_API_KEYS_DATABASE_URL": KEYS_DATABASE_URL or f"sqlite+aiosqlite:///{state / 'intake.db'}",
        "CITYCOMM_CITIZEN_RATE_BURST": "100000000",
        "CITYCOMM_CITIZEN_RATE_PER_SECOND": "1000000",
    }
    key = subprocess.run(
        [
            sys.executable,
            "-m",
            "citycomm_intake",
            "keys",
            "create",
            "--role",
            "press_agency",
            "--party",
            "bao-tuoi-tre",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    url = f"http://127.0.0.1:{http_port}"
    spec = ProcessSpec("intake", [sys.executable, "-m", "citycomm_intake"], env, f"{url}/readyz")
    process = ServiceProcess(spec, ARTIFACTS / "logs" / "bench" / "intake.log").start()
    process.wait_ready()
    return process, url, key


def start_bare() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.intake", "bare", str(port)])
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(url), 20, "the bare endpoint")
    return process, url


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/docs", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    wrk = ensure_wrk()
    broker = EmbeddedBroker(log_path=ARTIFACTS / "bench-broker.log").start(3)
    ensure_topics(broker.bootstrap, 3, [RAW])
    rows: list[list[object]] = []
    try:
        with tempfile.TemporaryDirectory() as state:
            intake, url, key = start_intake(broker.bootstrap, Path(state))
            bare, bare_url = start_bare()
            try:

                def load(
                    target: str, body: dict[str, object], api_key: str | None
                ) -> tuple[float, dict, int]:
                    if wrk:
                        return run_wrk(wrk, target, body, api_key)
                    return asyncio.run(run_httpx(target, body, api_key))

                assert intake.process is not None
                database = "PostgreSQL" if KEYS_DATABASE_URL.startswith("postgresql") else "SQLite"
                cases = [
                    ("intake: citizen feedback (anonymous)", url, FEEDBACK, None, intake.process.pid),
                    (
                        f"intake: press request (API key + idempotency record, {database})",
                        url,
                        PRESS,
                        key,
                        intake.process.pid,
                    ),
                    ("bare FastAPI endpoint, same shape", bare_url, FEEDBACK, None, bare.pid),
                ]
                for name, target, body, api_key, pid in cases:
                    before = cpu_seconds(pid)
                    rate, cuts, errors = load(target, body, api_key)
                    cpu_ms = (cpu_seconds(pid) - before) * 1000 / max(1.0, rate * SECONDS)
                    rows.append([name, rate, f"{cpu_ms:.2f}", cuts["p50"], cuts["p95"], cuts["p99"], errors])
            finally:
                intake.terminate()
                bare.terminate()
                bare.wait(10)
        rate, cuts, _ = asyncio.run(raw_produce(broker.bootstrap, 600))
        rows.append(
            [
                "raw aiokafka send_and_wait (acks=all), 600 B",
                rate,
                "",
                cuts["p50"],
                cuts["p95"],
                cuts["p99"],
                0,
            ]
        )
    finally:
        broker.stop()
    generator = "wrk -t2" if wrk else "asyncio httpx client"
    sys.stdout.write(
        f"Machine: {machine()}. Load: {generator}, {CONNECTIONS} connections, {SECONDS} s each.\n\n"
    )
    sys.stdout.write(
        table(
            ["path", "req/s", "server CPU ms/req", "p50 ms", "p95 ms (wrk: p90)", "p99 ms", "non-2xx"], rows
        )
        + "\n"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["bare"]:
        uvicorn.run(bare_app(), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
    else:
        main()
