"""Fixtures shared by every test folder: the embedded broker and PostgreSQL, when they are needed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling

from citycomm_dev.broker import EmbeddedBroker

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = REPO / "config"
POSTGRES_URL_VAR = "CITYCOMM_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


# `make test` runs the suite in two pytest-xdist workers, a test file to a worker (--dist loadfile),
# except that each of these folders shares one platform per session (the e2e stack, the security
# stack): all of such a folder goes to one worker, which starts its platform once.
SHARED_PLATFORMS = ("tests/e2e/", "tests/security/")


class SharedPlatformScheduling(LoadFileScheduling):
    def _split_scope(self, nodeid: str) -> str:
        folder = next((f for f in SHARED_PLATFORMS if nodeid.startswith(f)), None)
        return folder or super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> SharedPlatformScheduling | None:
    return SharedPlatformScheduling(config, log) if config.getvalue("dist") == "loadfile" else None


def worker_suffix() -> str:
    """`-gw0`, `-gw1`… under pytest-xdist (so two workers never write one log file), else ``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"-{worker}" if worker else ""


@pytest.fixture(scope="session")
def broker() -> Iterator[EmbeddedBroker]:
    """One embedded Tansu broker for the session; topics created as `make run` creates them."""
    (REPO / "test-artifacts").mkdir(exist_ok=True)
    log_path = REPO / "test-artifacts" / f"broker{worker_suffix()}.log"
    embedded = EmbeddedBroker(log_path=log_path).start(partitions=3)
    yield embedded
    embedded.stop()


def postgres_url() -> str | None:
    """The PostgreSQL to test against: required when CI names it, else used when it answers."""
    explicit = os.environ.get(POSTGRES_URL_VAR)
    url = explicit or DEFAULT_POSTGRES_URL
    import socket

    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        socket.create_connection((host, int(port or 5432)), timeout=1).close()
    except OSError:
        if explicit:
            raise
        return None
    return url


REDIS_URL_VAR = "CITYCOMM_TEST_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str | None:
    """The Redis to test against: required when CI names it, else used when it answers."""
    explicit = os.environ.get(REDIS_URL_VAR)
    url = explicit or DEFAULT_REDIS_URL
    import socket

    host, _, port = url.split("://", 1)[1].split("/", 1)[0].rpartition("@")[2].partition(":")
    try:
        socket.create_connection((host, int(port or 6379)), timeout=1).close()
    except OSError:
        if explicit:
            raise
        return None
    return url
