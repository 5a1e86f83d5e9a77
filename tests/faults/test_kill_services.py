"""kill -9 each service in turn under load: nothing accepted is lost, nothing delivered twice."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import SOAK, Platform
from tests.faults.load import Load, assert_nothing_lost_or_duplicated

RATE = 10.0
RUNNING_BETWEEN_KILLS = 8.0 if SOAK else 3.0


# Open (issue 8): faust 0.15 resumes fetching a restarted worker's stream partitions before it
# seeks them to the committed offsets and long before it resumes the flow; records fetched in that
# window are dropped while its read offset moves past them (faust/transport/consumer.py
# _drain_messages, tables/recovery.py _resume_streams). One run of four lost 25 of 593 this way
# (routing restarted: inquiry.commands records with no events, see the failure message). Kept
# running in every `make test` so each run reports XPASS or the loss, not failing CI meanwhile.
@pytest.mark.xfail(strict=False, reason="faust's resume window after a rebalance can drop records "
                   "(issue 8); the failure names what the broker holds of each lost inquiry")
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
