"""Fault injection for the fault tests: a process reads directory.agencies late.

Python imports this module at start-up when its directory is on PYTHONPATH; it acts only when
CITYCOMM_TEST_LATE_DIRECTORY is a number of seconds. The directory view then starts catching up
with directory.agencies only that long after it was started, so for that long it holds the config
files alone (an endpoint or agency an operator added is missing): the window in which a service
that does not wait for the directory acts on a partial one, at its widest, every run.
"""

import os
import sys

MARK = "test fault: the directory's catch-up was delayed by"
DELAY = os.environ.get("CITYCOMM_TEST_LATE_DIRECTORY")
if DELAY:
    import asyncio

    from citycomm_common.directory_feed import DirectoryView

    _catch_up = DirectoryView._catch_up

    async def _late_catch_up(self, consumer, partitions):  # type: ignore[no-untyped-def]
        if not self.is_loaded():  # the first catch-up only
            sys.stderr.write(f"{MARK} {DELAY}s\n")
            sys.stderr.flush()
            await asyncio.sleep(float(DELAY))
        return await _catch_up(self, consumer, partitions)

    DirectoryView._catch_up = _late_catch_up  # type: ignore[method-assign]
