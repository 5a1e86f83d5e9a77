"""The broker freezes (SIGSTOP) under load: intake says 503 meanwhile, nothing 2xx is lost, all drains."""

from __future__ import annotations

import time

from tests.faults.conftest import SOAK, Platform
from tests.faults.load import Load, assert_nothing_lost_duplicated_or_misdelivered

RATE = 10.0
OUTAGE = 40.0 if SOAK else 15.0


def test_a_paused_broker_gets_503s_and_loses_nothing(platform: Platform) -> None:
    load = Load(platform, RATE).start()
    try:
        time.sleep(3)  # steady load before the outage
        platform.broker.pause()
        paused_at = time.monotonic()
        time.sleep(OUTAGE)
        platform.broker.resume()
        resumed_at = time.monotonic()
        time.sleep(5)
    finally:
        platform.broker.resume()
        load.stop()
    settled = paused_at + 3  # requests in flight when it froze may still finish either way
    during = [status for at, status in load.answers if settled < at < resumed_at]
    assert during and 503 in during, "intake never said 503 while the broker was frozen"
    assert 202 not in during, "intake accepted an inquiry it could not record"
    assert_nothing_lost_duplicated_or_misdelivered(platform, load, within=180)
