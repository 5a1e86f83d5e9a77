"""Service processes for end-to-end tests and benchmarks, started from the same specs as `make run`."""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.stack import ProcessSpec

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # logs of every run


def _ready(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class ServiceProcess:
    spec: ProcessSpec
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    # Where this run's lines begin: the log is appended to, run after run.
    log_start: int | None = None

    def start(self) -> ServiceProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self.log_start is None:
            self.log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.spec.argv, env={**os.environ, **self.spec.env}, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def logged(self) -> str:
        """What this process wrote to its log in this run (restarts included)."""
        with self.log_path.open("rb") as log:
            log.seek(self.log_start or 0)
            return log.read().decode(errors="replace")

    def is_ready(self) -> bool:
        return _ready(self.spec.ready_url)

    def wait_ready(self, timeout: float = 60.0) -> None:
        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"{self.spec.name} exited; see {self.log_path}")
            return self.is_ready()

        wait_for(ready, timeout, f"{self.spec.name} to be ready ({self.log_path})", interval=0.25)

    def restart(self) -> ServiceProcess:
        """Start the same process again (after kill or terminate), on the same ports."""
        assert self.process is None or self.process.poll() is not None, "still running"
        return self.start()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def terminate(self, timeout: float = 20.0) -> int:
        """SIGTERM and wait; returns the exit code (a clean shutdown is 0)."""
        self.ask_to_stop()
        return self.wait_stopped(timeout)

    def ask_to_stop(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def wait_stopped(self, timeout: float = 20.0) -> int:
        """The exit code once SIGTERM was answered; SIGKILL and AssertionError after `timeout`."""
        assert self.process is not None
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise AssertionError(f"{self.spec.name} ignored SIGTERM for {timeout}s") from None
        return self.process.returncode


@dataclass
class Stack:
    processes: dict[str, ServiceProcess] = field(default_factory=dict)

    def start(self, specs: list[ProcessSpec], run_name: str) -> Stack:
        for spec in specs:
            log_path = ARTIFACTS / "logs" / run_name / f"{spec.name}.log"
            self.processes[spec.name] = ServiceProcess(spec, log_path).start()
        for process in self.processes.values():
            process.wait_ready()
        return self

    def __getitem__(self, name: str) -> ServiceProcess:
        return self.processes[name]

    def stop(self) -> dict[str, int]:
        """Every process asked at once, then each waited for: shutting down takes a second or two each."""
        for process in self.processes.values():
            process.ask_to_stop()
        codes = {}
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait_stopped()
            except AssertionError:
                codes[name] = -9
        return codes
