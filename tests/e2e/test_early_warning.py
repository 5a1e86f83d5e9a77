"""Early warning end to end (issue 19): a burst of inquiries about one matter in one ward, on the
whole platform, makes exactly one trend.detected webhook to the Press Center within the detection
delay the settings give, reporting's early-warning page shows it open, and a trend.ended comes
once the burst is over (the page then shows it ended).

The stack runs the detector in seconds (tests/e2e/conftest.py: CITYCOMM_TRENDS_FILE is
devtools/citycomm_dev/trends-fast.yaml, an hour of 2 s, windows of 3 hours, no history needed;
CITYCOMM_TREND_TICK_SECONDS 0.5): settings, not a code path of their own.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx

from citycomm_common.codec import derived_id
from citycomm_common.directory import load_directory
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from citycomm_notifications.domain.destinations import destinations
from citycomm_reporting.domain.trend_config import load_trend_config
from tests.conftest import CONFIG_DIR
from tests.e2e.conftest import TREND_TICK_SECONDS, TRENDS_FAST, Receiver
from tests.support.reporting_people import PASSWORDS

CATEGORY, WARD, WARD_AGENCY = "urban-infrastructure", "25747", "ubnd-25747"  # no other test's
PRESS_CENTER, CITY_OFFICE = "trung-tam-bao-chi", "van-phong-ubnd-tp"
TEXTS = ["Đường Nguyễn Văn Tiết sụt lún, ổ gà lớn", "Mặt đường Nguyễn Văn Tiết hư hỏng nặng",
         "Ổ gà trên đường Nguyễn Văn Tiết gây tai nạn", "Sụt lún mặt đường Nguyễn Văn Tiết",
         "Đường Nguyễn Văn Tiết nhiều ổ gà", "Hư hỏng đường Nguyễn Văn Tiết chưa sửa"]


def trend_webhooks(receiver: Receiver, event_type: str) -> list[tuple[str, dict[str, Any]]]:
    """(webhook-id, data) of each trend webhook of this type about our series."""
    found = []
    for request in receiver.received():
        body = json.loads(request["body"])
        trend = body["data"].get("trend") if body["type"] == event_type else None
        if trend and (trend["series_type"], trend["series_value"]) == ("category_ward", f"{CATEGORY}/{WARD}"):
            found.append((request["headers"]["webhook-id"], body["data"]))
    return found


def webhook_id(data: dict[str, Any], kind: str, agency: str) -> str:
    """The webhook-id of this trend change for one agency: reporting's event id (trend id, change,
    peak) with the agency's endpoint (notifications' delivery queue)."""
    directory = load_directory(CONFIG_DIR / "directory.yaml")
    [endpoint] = destinations(directory, agency)
    event_id = derived_id(data["trend"]["trend_id"], kind, str(data["trend"]["peak"]))
    return derived_id(event_id, endpoint.endpoint.id, agency)


def test_a_burst_in_one_ward_is_one_trend_for_the_press_center_and_it_ends(
        stack: Stack, stack_config: StackConfig, receiver: Receiver) -> None:
    config = load_trend_config(TRENDS_FAST)
    # An hour must close after the inquiry that completes the window, the next tick publish it.
    delay = config.hour_seconds + TREND_TICK_SECONDS
    intake = f"http://127.0.0.1:{stack_config.ports.intake_http}"
    for text in TEXTS:
        answer = httpx.post(f"{intake}/v1/feedback", headers={"Idempotency-Key": str(uuid.uuid4())},
                            json={"category": CATEGORY, "ward": WARD, "title": text, "description": text},
                            timeout=10)
        assert answer.status_code == 202, answer.text
    submitted = time.monotonic()

    def press_center(event_type: str, kind: str) -> list[dict[str, Any]]:
        return [data for hook, data in trend_webhooks(receiver, event_type)
                if hook == webhook_id(data, kind, PRESS_CENTER)]

    [detected] = wait_for(lambda: press_center("trend.detected", "detected"), 60, "trend.detected")
    took = time.monotonic() - submitted
    # Within the detection delay, plus what the platform takes to route, count and deliver.
    assert took <= delay + 15, f"trend.detected after {took:.1f} s"
    trend = detected["trend"]
    assert trend["direction"] == "rise" and trend["observed"] >= config.sensitivity("category_ward").min_count
    assert trend["agency_ids"] == [WARD_AGENCY] and len(trend["inquiry_ids"]) == trend["observed"]
    assert detected["headline"]["vi"] and detected["headline"]["en"]

    dashboard = httpx.Client(base_url=f"http://127.0.0.1:{stack_config.ports.reporting_http}", timeout=10)
    signed_in = dashboard.post("/dashboard/login", data={
        "login": "lanh-dao", "password": PASSWORDS["lanh-dao"], "next": "/dashboard"})
    assert signed_in.status_code == 303, signed_in.text

    def shown(ended: str) -> bool:
        section = f'id="trend-{trend["trend_id"]}" data-ended="{ended}"'
        return section in dashboard.get("/dashboard/trends").text

    wait_for(lambda: shown("false"), 10, "the trend open on the dashboard")
    windows = config.window_hours + config.sensitivity("category_ward").end_windows + 1
    [ended] = wait_for(lambda: press_center("trend.ended", "ended"), windows * config.hour_seconds + 30,
                       "trend.ended")
    assert ended["trend"]["trend_id"] == trend["trend_id"] and ended["ended_at"] >= detected["detected_at"]
    # Exactly one trend.detected for the Press Center, the city office and the ward's committee.
    hooks = trend_webhooks(receiver, "trend.detected")
    for agency in (PRESS_CENTER, CITY_OFFICE, WARD_AGENCY):
        assert [h for h, d in hooks if h == webhook_id(d, "detected", agency)] != []
    assert len(press_center("trend.detected", "detected")) == 1
    assert len({d["trend"]["trend_id"] for _, d in hooks}) == 1
    wait_for(lambda: shown("true"), 10, "the trend ended on the dashboard")
