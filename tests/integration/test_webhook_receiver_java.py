"""The guide's Java receiver (docs/receivers/Receiver.java, JDK only: HttpServer, HmacSHA256) run as
it is by the JDK's single-file launcher, against deliveries our webhook client signs and sends: a
message is taken once, a message signed with the old and the new secret of a rotation is taken with
either, a forged, tampered or stale one is refused. The JDK comes with this machine kind, or from
Debian (tests/support/java/install.sh); without one the test is skipped, saying why."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from tests.support.signed_delivery import check_receiver, installed, new_secret, refuses_unsigned

ROOT = Path(__file__).resolve().parents[2]
RECEIVER = ROOT / "docs" / "receivers" / "Receiver.java"
INSTALL = ROOT / "tests" / "support" / "java" / "install.sh"
SECRET = new_secret()


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    spool = tmp_path_factory.mktemp("java-receiver") / "spool.jsonl"
    port = free_port()
    env = {**os.environ, "CITYCOMM_WEBHOOK_SECRET": SECRET, "CITYCOMM_SPOOL": str(spool)}
    server = subprocess.Popen([installed("java", INSTALL, 600), str(RECEIVER), str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: refuses_unsigned(url), 60, "the Java receiver to compile and listen")
        yield url, spool
    finally:
        server.terminate()
        server.wait(10)


def test_the_guides_java_receiver_verifies_real_deliveries(receiver: tuple[str, Path]) -> None:
    url, spool = receiver
    check_receiver(url, spool, SECRET, "java")
