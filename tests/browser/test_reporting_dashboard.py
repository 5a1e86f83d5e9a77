"""The dashboard in a real headless chromium: sign-in, charts drawn from the seeded month, a filter."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS
from tests.support.reporting_scenario import AGENCY_B, OPERATOR_TOKEN


def values(page: Any, selector: str) -> list[float]:
    return [float(v) for v in page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.value)")]


def test_dashboard_draws_the_seeded_month_and_filters_by_agency(browser: Any, dashboard_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{dashboard_url}/dashboard")
    assert page.url.endswith("/dashboard/login")  # no token yet
    page.fill("input[name=token]", OPERATOR_TOKEN)
    page.click("button")
    page.wait_for_selector("svg[data-chart=on-time]")

    assert page.text_content("#selection").startswith("2026-05")
    assert page.text_content("[data-figure=received] b") == "6"
    may_rate = page.get_attribute("svg[data-chart=on-time] circle[data-label='2026-05']", "data-value")
    assert may_rate == "0.6667"
    assert sum(values(page, "svg[data-chart=response-time] rect")) == 5  # five answered in May
    assert sorted(values(page, "svg[data-chart=backlog] rect[data-series=open]")) == [1, 1]
    assert values(page, "svg[data-chart=backlog] rect[data-series=overdue]") == [1.0, 0.0]
    assert sorted(values(page, "svg[data-chart=by-category] rect[data-value]")) == [3, 3]
    assert len(values(page, "svg[data-chart=by-ward] rect[data-value]")) == 2
    assert "overdue" in page.text_content("[data-table=escalations]")
    for chart in ("on-time", "backlog", "response-time", "by-category", "by-ward"):
        box = page.locator(f"svg[data-chart={chart}]").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 30, chart
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reporting-dashboard.png"), full_page=True)

    page.select_option("#agency", AGENCY_B)
    page.click("#apply")
    page.wait_for_url(f"**agency_id={AGENCY_B}**")
    assert page.text_content("#selection").endswith("UBND phường Sài Gòn")
    assert page.text_content("[data-figure=received] b") == "3"
    b_rate = page.get_attribute("svg[data-chart=on-time] circle[data-label='2026-05']", "data-value")
    assert b_rate == "1.0000"
    assert values(page, "svg[data-chart=backlog] rect[data-series=open]") == [1]
    assert page.text_content("[data-table=escalations]") == "no escalations"
    page.screenshot(path=str(ARTIFACTS / "reporting-dashboard-agency.png"), full_page=True)
