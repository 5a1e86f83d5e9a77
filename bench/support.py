"""What benchmarks share: the platform on the embedded broker, latency statistics, Markdown."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes


@dataclass(frozen=True)
class Running:
    broker: EmbeddedBroker
    config: StackConfig
    receiver_url: str
    pids: dict[str, int]  # every process of the run, by name: where the CPU goes


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_process(pids: dict[str, int]) -> dict[str, float]:
    return {name: cpu_seconds(pid) for name, pid in pids.items()}


@contextmanager
def platform_running(partitions: int = 3) -> Iterator[Running]:
    """Broker, the four services and a timing webhook receiver; all stopped on exit."""
    broker = EmbeddedBroker(log_path=ARTIFACTS / "bench-broker.log").start(partitions)
    receiver_port = free_port()
    receiver = subprocess.Popen([sys.executable, "-m", "bench.receiver", str(receiver_port)])
    receiver_url = f"http://127.0.0.1:{receiver_port}"
    stack = Stack()
    try:
        wait_for(lambda: _answers(f"{receiver_url}/arrivals"), 20, "the bench receiver")
        with tempfile.TemporaryDirectory() as state:
            config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=Path(state),
                                 ports=Ports.free(),
                                 extra_env={"CITYCOMM_DEMO_INBOX_URL": f"{receiver_url}/webhooks",
                                            "CITYCOMM_LOG_LEVEL": "WARNING",
                                            # one load generator is one client address
                                            "CITYCOMM_CITIZEN_RATE_PER_SECOND": "100000",
                                            "CITYCOMM_CITIZEN_RATE_BURST": "100000"})
            stack.start([s for s in processes(config) if s.name != "inbox"], run_name="bench")
            pids = {name: stack[name].process.pid for name in ("intake", "routing", "notifications",
                                                               "reporting")}
            pids |= {"broker": broker.process.pid, "receiver": receiver.pid, "load generator": os.getpid()}
            yield Running(broker, config, receiver_url, pids)
    finally:
        stack.stop()
        receiver.terminate()
        receiver.wait(10)
        broker.stop()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    if not samples_ms:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()}")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return f"{value:,.1f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
