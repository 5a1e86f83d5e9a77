"""faust's end of table recovery must not throw away records it has handed to the agents.

Upstream: mode-streaming 0.7.1, `mode.utils.queues.FlowControlEvent.resume()`, empties every
queue it manages (each agent's, created with clear_on_resume=True). faust-streaming 0.15.3's
`faust.tables.recovery.Recovery` calls it at the end of table recovery: it resumes the stream
partitions, waits on the broker for their committed offsets (the consumer flow is already running,
for the changelogs) and only then resumes flow control.

What goes wrong for us: records fetched during that wait are in the agents' queues by then, and
the clear drops them; yet the consumer counts them as read: it drops the refetched copies as
already seen, and treats the jump it sees after resetting its read offset as a gap, acknowledged.
They are committed without ever being processed. Found with a trace of the consumer's
bookkeeping: routing killed and restarted under load lost up to 43 commands per restart this way
(tests/faults/test_restart_backlog.py reproduces it; docs/decisions/0034).

The fix: the app's flow control gets a `resume()` that clears only the tables' changelog queue.
A rebalance's start suspends and clears the queues itself (kept). What the agents still have
queued at resume is of the current generation, read from the committed offsets on, and must be
processed (records of an older generation are skipped by faust's stream iterator, which compares
generations). The changelog queue is still cleared: recovery applies only offsets above the last
it saw, so a record from beyond its seek, left there, would make it skip the rewound ones.

No longer needed when mode's resume() stops clearing the queues, or faust stops resuming flow
control after handing records over: the canary in
tests/unit/test_framework_fixes_keep_queued_records_on_resume.py then fails.
"""

from __future__ import annotations

from typing import cast

import faust
from faust.tables.manager import TableManager

from citycomm_common.framework_fixes.private_attributes import flow_control_events


def install(app: faust.App) -> None:
    flow = app.flow_control
    suspended, resumed = flow_control_events(flow)

    def resume() -> None:  # mode's resume(), clearing only the changelog queue
        suspended.clear()
        resumed.set()
        cast(TableManager, app.tables).changelog_queue.clear()

    flow.resume = resume  # type: ignore[method-assign]  # the fix: replaces mode's resume on this app
