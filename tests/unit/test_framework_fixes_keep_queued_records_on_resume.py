"""Canary and checks for framework_fixes.keep_queued_records_on_resume, on a real faust app.

The canary fails the day mode's flow-control resume stops emptying the agents' queues: the fix
can then go (see the module's docstring).
"""

from __future__ import annotations

import asyncio
from typing import cast

import faust
from faust.tables.manager import TableManager
from mode.utils.queues import FlowControlQueue

from citycomm_common.framework_fixes import keep_queued_records_on_resume


def real_app() -> faust.App:
    return faust.App("canary-flow-control", broker="kafka://127.0.0.1:1", store="memory://")


def agent_queue(app: faust.App) -> FlowControlQueue:  # type: ignore[type-arg]  # faust's is untyped
    return app.FlowControlQueue(maxsize=10, clear_on_resume=True)  # as faust's Channel.queue makes it


async def test_canary_mode_resume_still_empties_the_agents_queues() -> None:
    app = real_app()
    queue = agent_queue(app)
    queue.put_nowait("record fetched during recovery")
    app.flow_control.resume()
    assert queue.qsize() == 0, "mode no longer clears queues on resume: keep_queued_records_on_resume can go"


async def test_resume_keeps_queued_records_and_lets_the_flow_go_on() -> None:
    app = real_app()
    queue = agent_queue(app)
    keep_queued_records_on_resume.install(app)
    app.flow_control.suspend()
    assert not app.flow_control.is_active()
    queue.put_nowait("record fetched during recovery")
    app.flow_control.resume()
    assert app.flow_control.is_active()
    await asyncio.wait_for(app.flow_control.acquire(), 1)  # producers into the queues go on
    assert queue.get_nowait() == "record fetched during recovery"


async def test_the_changelog_queue_is_still_cleared_on_resume() -> None:
    app = real_app()
    keep_queued_records_on_resume.install(app)
    changelog_queue = cast(TableManager, app.tables).changelog_queue
    changelog_queue.put_nowait("changelog record from before recovery's seek")
    app.flow_control.resume()
    assert changelog_queue.qsize() == 0


async def test_a_rebalance_start_still_clears() -> None:
    app = real_app()
    queue = agent_queue(app)
    keep_queued_records_on_resume.install(app)
    queue.put_nowait("record of the generation being revoked")
    app.flow_control.suspend()  # what faust does when a rebalance starts
    app.flow_control.clear()
    assert queue.qsize() == 0
