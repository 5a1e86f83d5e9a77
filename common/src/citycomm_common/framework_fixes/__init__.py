"""Our fixes to faust, mode and aiokafka internals, installed by one explicit call per worker.

One module per fix, each stating the upstream behaviour it corrects (library, version, class or
function), what goes wrong for us, what it does and how to know it is no longer needed:

- keep_queued_records_on_resume: mode's flow-control resume empties the agents' queues.
- start_uncommitted_at_earliest: partitions without a committed offset are not read from the start.
- tansu_end_offsets: the embedded broker's wrong end offsets (only with CITYCOMM_KAFKA_COMPAT=tansu).
- tansu_fetch_wait: the embedded broker answers a waiting fetch only when the wait ends, so stream
  workers wait 100 ms there instead of faust's fixed 1.5 s (only with CITYCOMM_KAFKA_COMPAT=tansu).
- private_attributes: the typed reads of private attributes these fixes and common need.

versions.py refuses to start on faust-streaming, mode-streaming or aiokafka versions they were
not tested on; tests/unit/test_framework_fixes_*.py are the canaries against the real classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citycomm_common.framework_fixes import versions
from citycomm_common.settings import CommonSettings

if TYPE_CHECKING:
    import faust

__all__ = ["install"]


def install(app: faust.App, settings: CommonSettings) -> None:
    """Install every fix a stream worker needs: once, right after creating its faust app.

    Raises RuntimeError on untested faust-streaming, mode-streaming or aiokafka versions.
    """
    versions.require_tested(versions.STREAM_WORKER)
    # Imported here: the package is also used where faust is not installed (intake reads the
    # directory with aiokafka alone, through private_attributes).
    from citycomm_common.framework_fixes import (
        keep_queued_records_on_resume,
        start_uncommitted_at_earliest,
        tansu_end_offsets,
        tansu_fetch_wait,
    )

    keep_queued_records_on_resume.install(app)
    start_uncommitted_at_earliest.install(app)
    if settings.kafka_compat == "tansu":
        tansu_end_offsets.install()
        tansu_fetch_wait.install()
