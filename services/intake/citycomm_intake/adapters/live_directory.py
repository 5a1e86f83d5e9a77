"""The directory as the services see it (the files and directory.agencies), read once and let go:
for the key command, which must know an agency an operator added."""

from __future__ import annotations

import asyncio
import logging

from citycomm_common.directory import Directory
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.settings import CommonSettings


async def read_live_directory(settings: CommonSettings, seconds: float) -> Directory | None:
    """The directory as the services see it, or None if the broker does not answer in time."""
    for name in ("aiokafka", "citycomm_common.directory_feed"):  # a refused connection is expected
        logging.getLogger(name).setLevel(logging.CRITICAL)
    view = DirectoryView(settings, client_id="citycomm-intake-keys")
    await view.start()
    try:
        await asyncio.wait_for(view.wait_loaded(), seconds)
        return view.live()
    except TimeoutError:
        return None
    finally:
        await view.stop()
