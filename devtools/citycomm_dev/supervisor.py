"""`make run`'s process supervisor: one line of output per line, prefixed with the process's name
(honcho's printer), a process that dies is started again with back-off, one that keeps crashing is
given up (and said so), the others run on; SIGINT/SIGTERM stops them all."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from honcho.colour import get_colours
from honcho.printer import Message, Printer


@dataclass(frozen=True)
class Program:
    name: str
    argv: list[str]
    env: dict[str, str]


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 1.0  # doubled after each crash in the window, up to max_delay
    max_delay: float = 16.0
    crash_limit: int = 5  # this many exits within `window` seconds is a crash loop: stop restarting
    window: float = 60.0
    stop_timeout: float = 15.0  # SIGTERM, then SIGKILL after this long

    def delay(self, recent_crashes: int) -> float:
        return float(min(self.first_delay * 2 ** (recent_crashes - 1), self.max_delay))


@dataclass
class Supervisor:
    programs: list[Program]
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    output: TextIO = sys.stdout
    # Something whose end must end everything (the embedded broker): returns why, or None.
    essential: Callable[[], str | None] = lambda: None
    pids: dict[str, int] = field(default_factory=dict)  # the running process of each program
    given_up: set[str] = field(default_factory=set)
    returncode: int = 0

    def __post_init__(self) -> None:
        names = [p.name for p in self.programs]
        self._printer = Printer(self.output, width=max(map(len, [*names, "system"])))
        self._colours = dict(zip(names, get_colours(), strict=False))
        self._stopping = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stop, f"{signal.Signals(signum).name} received")
        watch = asyncio.create_task(self._watch())
        try:
            await asyncio.gather(*(self._keep(program) for program in self.programs))
        finally:
            watch.cancel()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        return self.returncode

    def stop(self, reason: str, returncode: int = 0) -> None:
        if not self._stopping.is_set():
            self.say(f"{reason}: stopping everything")
            self.returncode = returncode
            self._stopping.set()

    def say(self, text: str, name: str = "system") -> None:
        self._printer.write(Message("line", text, datetime.now(), name, self._colours.get(name)))

    async def _watch(self) -> None:
        # Polled: the essential process (the broker) is not a child this event loop started.
        while (reason := self.essential()) is None:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
        self.stop(reason, returncode=1)

    async def _keep(self, program: Program) -> None:
        """Run the program until told to stop; restart it when it dies, unless it crash-loops."""
        crashes: deque[float] = deque()
        while not self._stopping.is_set():
            code = await self._run_once(program)
            if self._stopping.is_set():
                self.say(f"{program.name} stopped ({describe(code)})")
                return
            now = time.monotonic()
            crashes.append(now)
            while crashes[0] < now - self.policy.window:
                crashes.popleft()
            if len(crashes) >= self.policy.crash_limit:
                self.given_up.add(program.name)
                self.say(f"{program.name} {describe(code)}, {len(crashes)} times in "
                         f"{self.policy.window:g} s: not restarting it (see its output above); "
                         "the rest keeps running")
                return
            delay = self.policy.delay(len(crashes))
            self.say(f"{program.name} {describe(code)}; restarting it in {delay:g} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    async def _run_once(self, program: Program) -> int:
        process = await asyncio.create_subprocess_exec(
            *program.argv, env={**os.environ, **program.env}, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, limit=2**20)
        self.pids[program.name] = process.pid
        self.say(f"{program.name} started (pid {process.pid})")
        pump = asyncio.create_task(self._pump(program.name, process))
        exited = asyncio.create_task(process.wait())
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([exited, stopping], return_when=asyncio.FIRST_COMPLETED)
        if not exited.done():
            await self._terminate(process)
        stopping.cancel()
        code = await exited
        _signal_group(process.pid, signal.SIGKILL)  # anything it left behind in its group
        await pump
        return code

    async def _pump(self, name: str, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for line in process.stdout:
            self.say(line.decode(errors="replace").rstrip("\n"), name)

    async def _terminate(self, process: asyncio.subprocess.Process) -> None:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), self.policy.stop_timeout)
        except TimeoutError:
            _signal_group(process.pid, signal.SIGKILL)


def _signal_group(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def describe(code: int | None) -> str:
    if code is not None and code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited with code {code}"
