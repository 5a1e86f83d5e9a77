"""`make run`'s supervisor with real (tiny) processes: restarts the dead, gives up on a crash loop
and says so, leaves the others alone, prefixes output with the name, and stops everything."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import sys

import psutil

from citycomm_dev.polling import async_wait_for
from citycomm_dev.supervisor import Program, RestartPolicy, Supervisor

FAST = RestartPolicy(first_delay=0.1, max_delay=0.4, crash_limit=3, window=30, stop_timeout=1)


def program(name: str, code: str) -> Program:
    return Program(name, [sys.executable, "-c", code], {})


def steady(name: str) -> Program:
    return program(name, f"import time; print('{name} up', flush=True); time.sleep(120)")


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def started(supervisor: Supervisor, out: io.StringIO, *names: str) -> dict[str, int]:
    async def up() -> bool:
        return all(f"{name} up" in out.getvalue() for name in names)

    await async_wait_for(up, 20, f"{names} to print that they are up")
    return dict(supervisor.pids)


async def test_a_killed_process_is_restarted_and_the_others_are_left_alone() -> None:
    out = io.StringIO()
    supervisor = Supervisor([steady("routing"), steady("reporting")], FAST, out)
    task = asyncio.create_task(supervisor.run())
    before = await started(supervisor, out, "routing", "reporting")
    os.kill(before["routing"], signal.SIGKILL)

    async def restarted() -> bool:
        return supervisor.pids["routing"] != before["routing"] and out.getvalue().count("routing up") == 2

    await async_wait_for(restarted, 20, "routing to be started again")
    assert supervisor.pids["reporting"] == before["reporting"] and running(before["reporting"])
    assert "routing was killed by SIGKILL; restarting it in 0.1 s" in out.getvalue()
    assert re.search(r"^\d\d:\d\d:\d\d routing +\| routing up$", out.getvalue(), re.MULTILINE)
    supervisor.stop("test over")
    assert await task == 0
    assert not any(running(pid) for pid in supervisor.pids.values())


async def test_a_crash_loop_is_given_up_and_said_so_while_the_rest_runs() -> None:
    out = io.StringIO()
    crashing = program("notifications", "import sys; print('bad setting'); sys.exit(3)")
    supervisor = Supervisor([crashing, steady("intake")], FAST, out)
    task = asyncio.create_task(supervisor.run())
    before = await started(supervisor, out, "intake")

    async def given_up() -> bool:
        return "notifications" in supervisor.given_up

    await async_wait_for(given_up, 20, "the crash loop to be given up")
    text = out.getvalue()
    assert text.count("notifications | bad setting") == FAST.crash_limit
    assert "restarting it in 0.1 s" in text and "restarting it in 0.2 s" in text  # back-off
    assert "notifications exited with code 3, 3 times in 30 s: not restarting it" in text
    assert supervisor.pids["intake"] == before["intake"] and running(before["intake"])
    supervisor.stop("test over")
    await task


async def test_sigterm_stops_everything_even_what_ignores_it() -> None:
    out = io.StringIO()
    stubborn = program("inbox", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                "print('inbox up', flush=True); time.sleep(120)")
    supervisor = Supervisor([stubborn, steady("intake")], FAST, out)
    task = asyncio.create_task(supervisor.run())
    pids = await started(supervisor, out, "inbox", "intake")
    os.kill(os.getpid(), signal.SIGTERM)  # the supervisor's handler, not the default one
    assert await asyncio.wait_for(task, 10) == 0
    assert not any(running(pid) for pid in pids.values())
    assert "SIGTERM received: stopping everything" in out.getvalue()
    assert "inbox stopped (was killed by SIGKILL)" in out.getvalue()


async def test_the_end_of_an_essential_process_stops_everything() -> None:
    out = io.StringIO()
    broker_gone: list[str] = []
    supervisor = Supervisor([steady("intake")], FAST, out,
                            essential=lambda: broker_gone[0] if broker_gone else None)
    task = asyncio.create_task(supervisor.run())
    pids = await started(supervisor, out, "intake")
    broker_gone.append("the broker exited")
    assert await asyncio.wait_for(task, 10) == 1
    assert not running(pids["intake"]) and "the broker exited: stopping everything" in out.getvalue()
