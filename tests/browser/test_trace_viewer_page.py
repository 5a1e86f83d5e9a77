"""The trace viewer in a real headless chromium: search an inquiry, see its spans as a waterfall."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans

from citycomm_dev.broker import free_port
from citycomm_dev.trace_viewer import create_viewer
from citycomm_dev.traces import TraceStore, spans_of
from tests.browser.conftest import ARTIFACTS
from tests.support.polling import wait_for
from tests.support.spans import INQUIRY, an_inquiry_in_four_services


@pytest.fixture(scope="module")
def viewer_url() -> Iterator[str]:
    store = TraceStore()
    store.add(spans_of(encode_spans(an_inquiry_in_four_services())))  # as the services export them
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_viewer("http://127.0.0.1:9", store), port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "the trace viewer to start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_an_inquiry_found_from_the_search_box_is_drawn_as_a_waterfall(browser: Any, viewer_url: str) -> None:
    page = browser.new_page()
    page.goto(viewer_url)
    page.fill("input[name=q]", INQUIRY)
    page.click("button")
    page.wait_for_selector("table.waterfall")
    assert page.url.endswith(f"/inquiries/{INQUIRY}")
    rows = page.locator("table.waterfall tr:has(.bar)")
    names = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert names[:4] == ["POST /v1/feedback", "send inquiry.commands", "process inquiry.commands",
                         "send inquiry.events"]
    bars = [rows.nth(i).locator(".bar").bounding_box() for i in range(rows.count())]
    assert all(b and b["width"] > 0 and b["height"] > 5 for b in bars)
    # The request spans the whole trace; each hop starts no earlier than the request did.
    request = bars[0]
    assert request and all(b and b["x"] >= request["x"] - 1 for b in bars)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trace-viewer.png"), full_page=True)
