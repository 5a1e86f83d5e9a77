"""`make run`'s launcher: everything comes up, a feedback item lands signed in the demo inbox, a
service killed with -9 comes back on the same broker while the rest runs on, and Ctrl-C leaves no
process behind."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS
from citycomm_dev.stack import Ports

OFFSET = 21000
LOG = ARTIFACTS / "make-run.log"
README = Path(__file__).resolve().parents[2] / "README.md"
NOISE = re.compile(r"Traceback|ECONNREFUSED|[Cc]onnection refused|\bERROR\b|\bCRITICAL\b")


@dataclass
class Launcher:
    process: subprocess.Popen[bytes]
    ports: Ports
    env: dict[str, str]
    seen: list[psutil.Process] = field(default_factory=list)  # every process it ever started

    def family(self) -> dict[str, int]:
        """The launcher's processes by what they are: the broker and each `python -m <module>`."""
        found = {}
        for child in psutil.Process(self.process.pid).children(recursive=True):
            if child not in self.seen:
                self.seen.append(child)
            try:
                name, with_args = child.name(), child.cmdline()
            except psutil.Error:  # it ended while we looked
                continue
            if "tansu" in name:
                found["broker"] = child.pid
            elif "-m" in with_args:
                found[with_args[with_args.index("-m") + 1]] = child.pid
        return found

    def url(self, port: int, path: str) -> str:
        return f"http://127.0.0.1:{port}{path}"

    def feedback(self) -> dict[str, Any]:
        response = httpx.post(self.url(self.ports.intake_http, "/v1/feedback"), json={
            "category": "sidewalk-encroachment", "ward": "26740", "title": "Lấn chiếm vỉa hè",
            "description": f"Quán ăn lấn chiếm vỉa hè ({uuid.uuid4()})"}, timeout=10)
        assert response.status_code == 202, response.text
        return dict(response.json())

    def delivered(self, inquiry_id: str) -> dict[str, Any]:
        inbox = self.url(self.ports.inbox, "/api/received")
        [item] = wait_for(lambda: [m for m in httpx.get(inbox).json()
                                   if m["data"]["inquiry_id"] == inquiry_id], 30, "the webhook in the inbox")
        return dict(item)


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Launcher]:
    state = tmp_path_factory.mktemp("make-run")
    env = {**os.environ, "CITYCOMM_DEV_PORT_OFFSET": str(OFFSET),
           "CITYCOMM_DEV_BROKER_PORT": str(free_port()), "CITYCOMM_DEV_STATE_DIR": str(state / "run"),
           "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{state / 'intake.db'}"}
    env.pop("CITYCOMM_KAFKA_BOOTSTRAP_SERVERS", None)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "citycomm_dev", "run"], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    launcher = Launcher(process, Ports.shifted(OFFSET), env)
    try:
        urls = [launcher.url(p, "/readyz") for p in (launcher.ports.intake_http, launcher.ports.routing_http,
                                                      launcher.ports.notifications_http,
                                                      launcher.ports.reporting_http)]
        wait_for(lambda: all(_ok(u) for u in urls), 90, "all four services to be ready")
        yield launcher
    finally:
        if process.poll() is None:
            launcher.family()  # every process it runs now, even if no test looked (each has its session)
            os.killpg(process.pid, signal.SIGKILL)
            for child in launcher.seen:
                _kill(child)


def test_start_up_is_quiet(launcher: Launcher) -> None:
    """Services start once the broker answers and lists the topics: no refused connection, no
    traceback, no error from the launcher or any service while the platform comes up."""
    output = LOG.read_text()
    assert "CityComm is starting" in output and "intake started" in output
    noisy = [line for line in output.splitlines() if NOISE.search(line)]
    assert not noisy, "\n".join(noisy[:20])


def test_a_webhook_in_the_inbox_verifies_as_the_readme_shows(launcher: Launcher) -> None:
    """The banner's signing secret and the inbox's raw request verify with standardwebhooks."""
    launcher.delivered(launcher.feedback()["inquiry_id"])
    [secret] = re.findall(r"inbox signing secret\s+(whsec_\S+)", LOG.read_text())
    snippet = README.read_text().split("### Verify a webhook from the demo inbox", 1)[1]
    code = snippet.split("```python\n", 1)[1].split("```", 1)[0]
    env = {**launcher.env, "INBOX": launcher.url(launcher.ports.inbox, ""), "INBOX_SECRET": secret}

    def run(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                              text=True, timeout=60, check=False)

    done = run(env)
    assert done.returncode == 0 and done.stdout.strip().endswith(" verified"), done.stderr
    refused = run({**env, "INBOX_SECRET": "whsec_" + "A" * 32})  # the check is real: a wrong secret fails
    assert refused.returncode != 0 and "WebhookVerificationError" in refused.stderr


def test_the_launcher_runs_the_platform(launcher: Launcher) -> None:
    assert {"broker", "citycomm_intake", "citycomm_routing", "citycomm_notifications",
            "citycomm_reporting", "citycomm_dev.inbox", "citycomm_dev.trace_viewer"} == set(launcher.family())
    inquiry = launcher.feedback()
    item = launcher.delivered(inquiry["inquiry_id"])
    assert item["verified"] is True and item["type"] == "inquiry.assigned"


def test_a_service_killed_with_9_comes_back_and_the_rest_runs_on(launcher: Launcher) -> None:
    before = launcher.feedback()
    agency = launcher.delivered(before["inquiry_id"])["data"]["agency_id"]
    pids = launcher.family()
    os.kill(pids["citycomm_routing"], signal.SIGKILL)

    def routing_back() -> bool:
        now = launcher.family().get("citycomm_routing")
        return now not in (None, pids["citycomm_routing"]) and _ok(
            launcher.url(launcher.ports.routing_http, "/readyz"))

    wait_for(routing_back, 60, "routing to be restarted and ready", interval=0.5)
    untouched = {name: pid for name, pid in pids.items() if name != "citycomm_routing"}
    assert {name: launcher.family().get(name) for name in untouched} == untouched
    assert "routing was killed by SIGKILL; restarting it" in LOG.read_text()

    tracked = httpx.get(launcher.url(launcher.ports.intake_http, f"/v1/track/{before['tracking_code']}"))
    assert tracked.status_code == 200 and tracked.json()["status"] == "assigned", tracked.text
    # Routing's restarted worker has the inquiry in its table again (recovered from the changelog):
    # it accepts the assigned agency's acknowledgement instead of rejecting an unknown inquiry.
    key = _agency_key(launcher, agency)
    acknowledged = httpx.post(
        launcher.url(launcher.ports.intake_http, f"/v1/inquiries/{before['inquiry_id']}/acknowledge"),
        json={"note": "đã nhận"}, headers={"Authorization": f"Bearer {key}", "Prefer": "wait=20"},
        timeout=30)
    assert acknowledged.status_code == 200 and acknowledged.json()["state"] == "accepted", acknowledged.text
    after = launcher.feedback()
    assert launcher.delivered(after["inquiry_id"])["type"] == "inquiry.assigned"


def test_the_trace_viewer_shows_an_inquirys_trace_from_the_four_services(launcher: Launcher) -> None:
    """No OTEL_* variable set: make run's services export to its trace viewer, found by tracking code."""
    assert not [name for name in launcher.env if name.startswith("OTEL_")]
    inquiry = launcher.feedback()
    launcher.delivered(inquiry["inquiry_id"])
    viewer = launcher.url(launcher.ports.traces, f"/api/inquiries/{inquiry['tracking_code']}")

    def from_every_service() -> dict[str, Any] | None:
        found = httpx.get(viewer, timeout=5)
        if found.status_code != 200:  # reporting may not have projected the inquiry yet
            return None
        services = {s["service"] for t in found.json()["traces"] for s in t["spans"]}
        return found.json() if services >= {"intake", "routing", "notifications", "reporting"} else None

    found = wait_for(from_every_service, 30, "the inquiry's spans from the four services in the viewer")
    assert found["inquiry_id"] == inquiry["inquiry_id"]
    page = httpx.get(launcher.url(launcher.ports.traces, f"/inquiries/{inquiry['tracking_code']}"), timeout=5)
    assert page.status_code == 200 and "Dòng thời gian / Timeline" in page.text
    assert "send inquiry.commands" in page.text and "process inquiry.events" in page.text
    assert f"/inquiries/{inquiry['inquiry_id']}" in httpx.get(launcher.url(launcher.ports.traces, "/")).text


def test_ctrl_c_stops_it_whole(launcher: Launcher) -> None:
    launcher.family()
    os.killpg(launcher.process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    assert launcher.process.wait(60) == 0
    leftovers = [p for p in launcher.seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not leftovers, f"left running: {[p.cmdline() for p in leftovers]}"


def _agency_key(launcher: Launcher, agency: str) -> str:
    """The management command, as a newcomer runs it beside `make run` (same database)."""
    done = subprocess.run([sys.executable, "-m", "citycomm_intake", "keys", "create", "--role", "agency",
                           "--party", agency, "--label", "make-run"], env=launcher.env,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _kill(process: psutil.Process) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        process.kill()
