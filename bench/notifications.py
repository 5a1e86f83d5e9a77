"""Deliveries per second: notifications' dispatcher vs a plain httpx loop, many endpoints, one slow.

    python -m bench.notifications [--endpoints 50] [--deliveries 2000] [--slow-seconds 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import threading
import time
from datetime import date

import httpx
import uvicorn
from fastapi import FastAPI, Response

from bench.support import machine, table
from citycomm_common.clock import SystemClock
from citycomm_common.directory import Agency, Directory
from citycomm_dev.broker import free_port
from citycomm_notifications import bootstrap
from citycomm_notifications.adapters.webhooks import body, signed_headers
from citycomm_notifications.domain.notices import Notice
from tests.support.notifications_fakes import LoadedDirectory, MemoryWorker, container, dev_settings


def receiver(port: int, slow_seconds: float) -> uvicorn.Server:
    api = FastAPI()

    @api.post("/{agency}")
    async def receive(agency: str) -> Response:
        if agency == "agency-0":  # the slow one
            await asyncio.sleep(slow_seconds)
        return Response(status_code=204)

    server = uvicorn.Server(uvicorn.Config(api, port=port, log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def network(port: int, endpoints: int) -> Directory:
    return Directory(coordinator="agency-1", agencies=[Agency.model_validate({
        "id": f"agency-{i}", "name": f"Agency {i}", "short_name": f"A{i}", "kind": "department",
        "valid_from": date(2025, 7, 1), "endpoints": [{
            "id": f"hook-{i}", "url": f"http://127.0.0.1:{port}/agency-{i}",
            "secret_refs": ["env:BENCH_WEBHOOK_SECRET"]}]}) for i in range(endpoints)])


def notices(endpoints: int, count: int) -> list[Notice]:
    return [Notice("inquiry.assigned", f"agency-{n % endpoints}", f"inq-{n}", {"n": n}, f"bench-{n}")
            for n in range(count)]


async def dispatcher_rate(directory: Directory, work: list[Notice], slow_agency_share: int
                          ) -> tuple[float, float]:
    """(deliveries/s to the others, seconds until every fast delivery was done)."""
    worker = MemoryWorker()  # its records in memory, as in the tests: the sending is what is measured
    settings = dev_settings(webhook_allowed_hosts="127.0.0.1", webhook_allow_private=False,
                            webhook_concurrency_per_endpoint=4, webhook_concurrency_total=64,
                            delivery_poll_interval=0.01)
    notifications = container(settings, worker=worker, clock=SystemClock(),
                              directory=LoadedDirectory(directory))
    started = time.perf_counter()
    for notice in work:
        await notifications.deliveries.enqueue(notice)
    runner = asyncio.create_task(notifications.dispatcher.run())
    fast = len(work) - slow_agency_share
    # Counting WebhookDelivered events; the slow agency's come last.
    while len(worker.published) < fast:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - started
    runner.cancel()
    await notifications.dispatcher.drain()
    await bootstrap.stop(notifications)
    return fast / elapsed, elapsed


async def httpx_loop_rate(directory: Directory, work: list[Notice]) -> tuple[float, float]:
    """The same signed requests, one after another, as a simple sender would do."""
    secret = os.environ["BENCH_WEBHOOK_SECRET"]
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=10.0) as client:
        for notice in work:
            url = directory.endpoints_for(notice.agency_id)[0].url
            payload = body(notice.type, SystemClock().now(), notice.data)
            headers = signed_headers(notice.source_id, SystemClock().now(), payload, [secret])
            response = await client.post(url, content=payload, headers=headers)
            response.raise_for_status()
    elapsed = time.perf_counter() - started
    return len(work) / elapsed, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoints", type=int, default=50)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--slow-seconds", type=float, default=0.5)
    args = parser.parse_args()
    os.environ.setdefault("BENCH_WEBHOOK_SECRET", "whsec_" + base64.b64encode(os.urandom(24)).decode())
    port = free_port()
    server = receiver(port, args.slow_seconds)
    directory = network(port, args.endpoints)
    work = notices(args.endpoints, args.deliveries)
    slow_share = sum(1 for n in work if n.agency_id == "agency-0")
    ours, ours_s = asyncio.run(dispatcher_rate(directory, work, slow_share))
    plain, plain_s = asyncio.run(httpx_loop_rate(directory, work))
    server.should_exit = True
    rows = [["notifications Dispatcher (4 per endpoint, 64 total), all but the slow agency",
             f"{ours:,.0f}", f"{ours_s:.2f} s"],
            ["plain httpx loop (sequential, signed), everything", f"{plain:,.0f}", f"{plain_s:.2f} s"]]
    print(table(["path", "deliveries/s", "wall time"], rows))  # noqa: T201 - a benchmark's report
    print(f"\n{args.deliveries} deliveries to {args.endpoints} endpoints on one local receiver; "  # noqa: T201
          f"agency-0 answers after {args.slow_seconds}s ({slow_share} of them); machine: {machine()}")

if __name__ == "__main__":
    main()
