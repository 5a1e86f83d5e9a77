"""kill -9 each service in turn under load: nothing accepted is lost, nothing delivered twice, and
no webhook reaches a receiver other than its agency's.

The load's ward has an endpoint of its own only on directory.agencies (conftest.py), and the
restarted notifications reads that topic late (late_directory/sitecustomize.py): for seconds after
its restart, events keep coming while it knows the files alone, which would send the ward's
webhooks to the default endpoint. It must wait for the directory instead.
"""

from __future__ import annotations

import time
from dataclasses import replace

from tests.faults.conftest import SOAK, Platform, late_directory
from tests.faults.late_directory.sitecustomize import MARK
from tests.faults.load import Load, assert_nothing_lost_duplicated_or_misdelivered

RATE = 10.0
RUNNING_BETWEEN_KILLS = 8.0 if SOAK else 3.0
DIRECTORY_LATE_BY = 5.0  # seconds: about 50 submissions arrive meanwhile


def test_every_service_killed_and_restarted_under_load(platform: Platform) -> None:
    load = Load(platform, RATE).start()
    notifications = platform.stack["notifications"]
    logged_before = notifications.log_path.stat().st_size  # the log is appended to, run after run
    try:
        for name in ("routing", "notifications", "reporting", "intake"):
            time.sleep(RUNNING_BETWEEN_KILLS)  # let load build up before the next crash
            process = platform.stack[name]
            process.kill()
            if name == "notifications":
                process.spec = replace(process.spec, env={**process.spec.env,
                                                          **late_directory(DIRECTORY_LATE_BY)})
            process.restart().wait_ready(90)
        time.sleep(RUNNING_BETWEEN_KILLS)
    finally:
        load.stop()
    with notifications.log_path.open("rb") as log_file:
        log = log_file.read()[logged_before:].decode(errors="replace")
    assert MARK in log, "the restarted notifications did not read the directory late"
    assert_nothing_lost_duplicated_or_misdelivered(platform, load)
