"""Our fixes to faust, mode and aiokafka internals, installed by one explicit call per worker.

Each fix is one module of this package stating the upstream behaviour it corrects and how to
know it is no longer needed; tests/unit/test_framework_fixes.py checks each against the real
installed classes and fails the day upstream changes.
"""

from __future__ import annotations

import faust

from citycomm_common import tansu_compat
from citycomm_common.settings import CommonSettings
from citycomm_common.streams import keep_queued_records_on_resume, start_uncommitted_at_earliest


def install(app: faust.App, settings: CommonSettings) -> None:
    """Install every fix a stream worker needs, once, right after creating its app."""
    keep_queued_records_on_resume(app)
    start_uncommitted_at_earliest(app)
    if settings.kafka_compat == "tansu":
        tansu_compat.install()
