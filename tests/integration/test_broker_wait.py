"""A service started before its broker waits for it quietly, then starts: no traceback, no exit."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from citycomm_common.broker_wait import wait_for_broker
from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, ServiceProcess
from citycomm_dev.stack import Ports, StackConfig, processes

NOISE = re.compile(r"Traceback|ECONNREFUSED|[Cc]onnection refused|\bERROR\b|\bCRITICAL\b")


def _live(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("service", ["intake", "routing"])
def test_a_service_started_before_its_broker_waits_quietly(service: str, tmp_path: Path) -> None:
    port = free_port()
    config = StackConfig(bootstrap=f"127.0.0.1:{port}", embedded_broker=True, state_dir=tmp_path,
                         ports=Ports.free(),
                         extra_env={"CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/k.db"})
    [spec] = [s for s in processes(config) if s.name == service]
    process = ServiceProcess(spec, ARTIFACTS / "logs" / "broker-wait" / f"{service}.log").start()
    broker: EmbeddedBroker | None = None
    try:
        wait_for(lambda: "waiting for the broker" in process.logged(), 30, f"{service} to say it waits")
        time.sleep(2)  # what used to be a traceback and an exit, within a second
        assert process.process is not None and process.process.poll() is None, process.logged()
        broker = EmbeddedBroker(port).start(partitions=2)
        live = spec.ready_url.replace("/readyz", "/livez")
        wait_for(lambda: _live(live), 60, f"{service} to start once the broker answers")
        assert "answered after" in process.logged()
        noisy = [line for line in process.logged().splitlines() if NOISE.search(line)]
        assert not noisy, "\n".join(noisy[:10])
    finally:
        process.kill()
        if broker:
            broker.stop()


async def test_the_wait_ends_at_once_when_the_broker_is_there(broker: EmbeddedBroker) -> None:
    started = time.monotonic()
    await wait_for_broker(CommonSettings(kafka_bootstrap_servers=broker.bootstrap))
    assert time.monotonic() - started < 5
