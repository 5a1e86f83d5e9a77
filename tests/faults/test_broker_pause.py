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
        resumed_at = time.monotonic()  # taken before the thaw: nothing answered earlier saw it
        platform.broker.resume()
        time.sleep(5)
    finally:
        platform.broker.resume()
        load.stop()
    # Judged by each request's whole life, not by when its answer arrived: on a loaded machine the
    # answer to a request the broker acknowledged just before the freeze can arrive seconds later.
    # A request sent after the freeze began and answered before the thaw cannot have been
    # acknowledged by the broker.
    during = [status for sent, answered, status in load.answers if paused_at < sent and answered < resumed_at]
    assert during and 503 in during, "intake never said 503 while the broker was frozen"
    assert 202 not in during, "intake accepted an inquiry it could not record"
    assert_nothing_lost_duplicated_or_misdelivered(platform, load, within=180)
