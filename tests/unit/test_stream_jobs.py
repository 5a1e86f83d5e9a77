"""streams.timer and streams.task register a job with faust and hand the same function back, typed."""

from __future__ import annotations

import faust

from citycomm_common import streams


def test_timer_and_task_register_with_the_app_and_return_the_job() -> None:
    app = faust.App("jobs", broker="kafka://127.0.0.1:1", store="memory://")
    calls: list[str] = []

    async def tick() -> None:
        calls.append("tick")

    async def once() -> None:
        calls.append("once")

    assert streams.timer(app, 5.0, on_leader=True)(tick) is tick
    assert streams.task(app)(once) is once
    assert [t.__name__ for t in app._app_tasks] == ["tick", "once"]  # faust's wrappers keep the names
