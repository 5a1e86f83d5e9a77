"""The guide's Java receiver (docs/receivers/Receiver.java, JDK only: HttpServer, HmacSHA256) run as
it is by the JDK's single-file launcher, against deliveries our webhook client signs and sends: a
message is taken once, a message signed with the old and the new secret of a rotation is taken with
either, a forged, tampered or stale one is refused. The JDK comes with this machine kind, or from
Debian (tests/support/java/install.sh); without one the test is skipped, saying why."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from tests.support.signed_delivery import check_receiver, new_secret, refuses_unsigned

ROOT = Path(__file__).resolve().parents[2]
RECEIVER = ROOT / "docs" / "receivers" / "Receiver.java"
INSTALL = ROOT / "tests" / "support" / "java" / "install.sh"
SECRET = new_secret()


def java() -> str:
    if shutil.which("java") is None:
        installed = subprocess.run([str(INSTALL)], capture_output=True, text=True, timeout=600, check=False)
        if installed.returncode != 0 or shutil.which("java") is None:
            pytest.skip("no JDK can be installed here "
                        f"(tests/support/java/install.sh: {installed.stderr[-300:]})")
    return str(shutil.which("java"))


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    spool = tmp_path_factory.mktemp("java-receiver") / "spool.jsonl"
    port = free_port()
    env = {**os.environ, "CITYCOMM_WEBHOOK_SECRET": SECRET, "CITYCOMM_SPOOL": str(spool)}
    server = subprocess.Popen([java(), str(RECEIVER), str(port)], env=env,
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
