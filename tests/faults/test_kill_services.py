"""kill -9 each service in turn under load: nothing accepted is lost, nothing delivered twice."""

from __future__ import annotations

import time

from tests.faults.conftest import SOAK, Platform
from tests.faults.load import Load, assert_nothing_lost_or_duplicated

RATE = 10.0
RUNNING_BETWEEN_KILLS = 8.0 if SOAK else 3.0


def test_every_service_killed_and_restarted_under_load(platform: Platform) -> None:
    load = Load(platform, RATE).start()
    try:
        for name in ("routing", "notifications", "reporting", "intake"):
            time.sleep(RUNNING_BETWEEN_KILLS)  # let load build up before the next crash
            process = platform.stack[name]
            process.kill()
            process.restart().wait_ready(90)
        time.sleep(RUNNING_BETWEEN_KILLS)
    finally:
        load.stop()
    assert_nothing_lost_or_duplicated(platform, load)
