"""faust's flow-control resume keeps what the agents have queued (streams.keep_queued_records_on_resume)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from mode.utils.queues import FlowControlEvent, FlowControlQueue

from citycomm_common.streams import keep_queued_records_on_resume


@dataclass
class FakeTables:
    changelog_queue: FlowControlQueue[str]


@dataclass
class FakeApp:
    """What the fix touches: the app's flow control (mode's real one) and the tables' changelog queue."""

    flow_control: FlowControlEvent = field(default_factory=FlowControlEvent)
    tables: FakeTables = field(init=False)

    def __post_init__(self) -> None:
        self.tables = FakeTables(agent_queue(self.flow_control))


def agent_queue(flow: FlowControlEvent) -> FlowControlQueue[str]:
    return FlowControlQueue(maxsize=10, flow_control=flow, clear_on_resume=True)


async def test_mode_alone_empties_the_queues_on_resume() -> None:
    # why the fix exists; if mode stops clearing on resume, this fails and the fix can go
    flow = FlowControlEvent()
    queue = agent_queue(flow)
    queue.put_nowait("record fetched during recovery")
    flow.resume()
    assert queue.qsize() == 0


async def test_resume_keeps_queued_records_and_lets_the_flow_go_on() -> None:
    app = FakeApp()
    queue = agent_queue(app.flow_control)
    keep_queued_records_on_resume(app)  # type: ignore[arg-type]
    app.flow_control.suspend()
    assert not app.flow_control.is_active()
    queue.put_nowait("record fetched during recovery")
    app.flow_control.resume()
    assert app.flow_control.is_active()
    await asyncio.wait_for(app.flow_control.acquire(), 1)  # producers into the queues go on
    assert queue.get_nowait() == "record fetched during recovery"


async def test_the_changelog_queue_is_still_cleared_on_resume() -> None:
    app = FakeApp()
    keep_queued_records_on_resume(app)  # type: ignore[arg-type]
    app.tables.changelog_queue.put_nowait("changelog record from before recovery's seek")
    app.flow_control.resume()
    assert app.tables.changelog_queue.qsize() == 0


async def test_a_rebalance_start_still_clears() -> None:
    app = FakeApp()
    queue = agent_queue(app.flow_control)
    keep_queued_records_on_resume(app)  # type: ignore[arg-type]
    queue.put_nowait("record of the generation being revoked")
    app.flow_control.suspend()  # what faust does when a rebalance starts
    app.flow_control.clear()
    assert queue.qsize() == 0
