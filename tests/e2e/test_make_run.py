"""`make run`'s launcher: everything comes up, a feedback item lands signed in the demo inbox,
Ctrl-C leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import psutil

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS
from citycomm_dev.stack import Ports

OFFSET = 21000


def test_the_launcher_runs_the_platform_and_stops_it_whole(tmp_path: Path) -> None:
    ports = Ports.shifted(OFFSET)
    env = {**os.environ, "CITYCOMM_DEV_PORT_OFFSET": str(OFFSET),
           "CITYCOMM_DEV_BROKER_PORT": str(free_port()), "CITYCOMM_DEV_STATE_DIR": str(tmp_path / "run")}
    env.pop("CITYCOMM_KAFKA_BOOTSTRAP_SERVERS", None)
    log = (ARTIFACTS / "make-run.log").open("wb")
    launcher = subprocess.Popen([sys.executable, "-m", "citycomm_dev", "run"], env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        urls = [f"http://127.0.0.1:{p}/readyz" for p in
                (ports.intake_http, ports.routing_http, ports.notifications_http, ports.reporting_http)]
        wait_for(lambda: all(_ok(u) for u in urls), 90, "all four services to be ready")
        family = psutil.Process(launcher.pid).children(recursive=True)
        assert any("tansu" in p.name() for p in family)
        response = httpx.post(f"http://127.0.0.1:{ports.intake_http}/v1/feedback", json={
            "category": "sidewalk-encroachment", "ward": "26740", "title": "Lấn chiếm vỉa hè",
            "description": "Quán ăn lấn chiếm vỉa hè"}, timeout=10)
        assert response.status_code == 202, response.text
        inquiry_id = response.json()["inquiry_id"]
        inbox = f"http://127.0.0.1:{ports.inbox}/api/received"
        [item] = wait_for(lambda: [m for m in httpx.get(inbox).json()
                                   if m["data"]["inquiry_id"] == inquiry_id], 30, "the webhook in the inbox")
        assert item["verified"] is True and item["type"] == "inquiry.assigned"
    finally:
        os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        launcher.wait(60)
    leftovers = [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not leftovers, f"left running: {[p.cmdline() for p in leftovers]}"


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
