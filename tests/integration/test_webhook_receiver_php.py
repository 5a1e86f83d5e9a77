"""The guide's PHP receiver (docs/receivers/receiver.php, plain PHP: hash_hmac, hash_equals) run as
it is under PHP's own server, against deliveries our webhook client signs and sends: a message is
taken once, a message signed with the old and the new secret of a rotation is taken with either,
a forged, tampered or stale one is refused. PHP comes from Debian (tests/support/php/install.sh,
~2 MB); without it the test is skipped, saying why."""

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
RECEIVER = ROOT / "docs" / "receivers" / "receiver.php"
INSTALL = ROOT / "tests" / "support" / "php" / "install.sh"


SECRET = new_secret()


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("php-receiver")
    port = free_port()
    env = {**os.environ, "CITYCOMM_WEBHOOK_SECRET": SECRET, "CITYCOMM_SEEN_DIR": str(work / "seen"),
           "CITYCOMM_SPOOL": str(work / "spool.jsonl")}
    command = [installed("php", INSTALL, 300), "-S", f"127.0.0.1:{port}", str(RECEIVER)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: refuses_unsigned(url), 10, "PHP's server to listen")
        yield url, work / "spool.jsonl"
    finally:
        server.terminate()
        server.wait(10)


def test_the_guides_php_receiver_verifies_real_deliveries(receiver: tuple[str, Path]) -> None:
    url, spool = receiver
    check_receiver(url, spool, SECRET, "php")
