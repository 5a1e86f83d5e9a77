"""Reporting's /metrics carries each agency's open and overdue inquiries, kept current from the read model."""

from __future__ import annotations

import re

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig

OPEN = re.compile(r'^citycomm_inquiries_open\{agency="([^"]+)"\} (\d+)', re.MULTILINE)


def test_reporting_shows_open_inquiries_per_agency(stack: Stack, stack_config: StackConfig) -> None:
    ports = stack_config.ports
    response = httpx.post(f"http://127.0.0.1:{ports.intake_http}/v1/feedback", timeout=10,
                          json={"category": "noise", "ward": "26740", "title": "gauges",
                                "description": "open"})
    assert response.status_code == 202

    def open_series() -> dict[str, float] | None:
        text = httpx.get(f"http://127.0.0.1:{ports.reporting_http}/metrics", timeout=5).text
        found = {agency: float(count) for agency, count in OPEN.findall(text)}
        return found if sum(found.values()) >= 1 else None

    found = wait_for(open_series, 60, "citycomm_inquiries_open on reporting's /metrics (every 15 s)")
    assert all(agency and count >= 0 for agency, count in found.items())
    text = httpx.get(f"http://127.0.0.1:{ports.reporting_http}/metrics", timeout=5).text
    assert "citycomm_inquiries_overdue{agency=" in text
