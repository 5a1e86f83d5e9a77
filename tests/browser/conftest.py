"""Reporting served on a real port from a seeded database, and a headless Debian chromium to look at it."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from citycomm_common.calendar import WorkingCalendar
from citycomm_dev.broker import free_port
from citycomm_reporting.adapters.store import ReadModel, create_engine
from tests.conftest import REPO
from tests.support.consultation_scenario import consultation_facts
from tests.support.polling import wait_for
from tests.support.reporting_people import write_users
from tests.support.reporting_scenario import api, scenario_facts, seeded_reporting, settings_for_tests

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"


def _seed(url: str) -> None:
    async def run() -> None:
        model = ReadModel(create_engine(url), WorkingCalendar())
        await model.ensure_schema()
        for fact in scenario_facts():
            await model.apply(fact)
        await model.apply_batch(consultation_facts())  # issue 20's reports
        await model.engine.dispose()

    # On a thread of its own: playwright's sync API keeps an event loop running on this one.
    seeding = threading.Thread(target=asyncio.run, args=(run(),))
    seeding.start()
    seeding.join(60)


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded scenario behind a real uvicorn server; the clock stands at 20 May 2026, noon."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('reporting') / 'reporting.db'}"
    _seed(url)
    model = ReadModel(create_engine(url), WorkingCalendar())  # used only on the server's loop
    port = free_port()
    # People of each role sign in to the pages (tests/support/reporting_people.py).
    settings = settings_for_tests(users_file=write_users(tmp_path_factory.mktemp("people")))
    server = uvicorn.Server(uvicorn.Config(api(seeded_reporting(model, settings=settings)), port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "the reporting server to start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Debian's chromium under playwright (tests/browser/install.sh puts both in place).

    Module-scoped on purpose: playwright's sync API keeps an event loop running on the main
    thread while it is open, and every later asyncio.run() in the session would fail."""
    sync_api = _playwright()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 1000})
        yield context
        context.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """The same chromium as a browser that opens contexts of its own (one with JavaScript off, say);
    module-scoped for the same reason as `browser`, and not to be used in the same module."""
    sync_api = _playwright()
    with sync_api.sync_playwright() as playwright:
        engine = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield engine
        engine.close()


def _playwright() -> Any:
    """playwright's sync API, once chromium and playwright are both there."""
    missing = "" if Path(CHROMIUM).exists() else "chromium"
    try:
        from playwright import sync_api
    except ImportError:
        missing = missing or "playwright"
    if missing:  # CI must run the browser test; a developer without it is told how to get it
        stop = pytest.fail if os.environ.get("CI") else pytest.skip
        stop(f"{missing} is missing: run tests/browser/install.sh")
    return sync_api
