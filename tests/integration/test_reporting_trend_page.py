"""Reporting's early-warning page (issue 19): the trends the detector published, by name in
Vietnamese first (English on request), open ones first with how far above normal, ended ones
marked, each with a chart of its windows against the normal band; the city's people see every trend,
an agency those whose inquiries were assigned to it. The
weekly press-briefing report lists the trends of its weeks."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from google.protobuf.message import Message
from openpyxl import load_workbook

from citycomm.v1 import trends_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.reports import briefing_trends
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.service_layer.trends import TrendWatch
from tests.integration.test_reporting_pages import sign_in, visible
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_people import write_users
from tests.support.reporting_scenario import AGENCY_A, NOW, api, seeded_reporting, settings_for_tests
from tests.unit.test_trend_watch import assigned

CONFIG = TrendConfig(window_hours=3, min_history_weeks=0, series={
    "category_ward": Sensitivity(min_count=5, min_ratio=3.0, end_ratio=1.5, end_windows=2),
    **{t: Sensitivity(min_count=1000) for t in ("category", "ward", "agency", "kind", "topic")}})


async def two_trends(board: TrendBoard) -> None:
    """One burst in ward 26740 that has ended, one in ward 26743 still open."""
    published: list[Message] = []

    async def publish(message: Message, key: str, event_id: str) -> None:
        published.append(message)

    watch = TrendWatch(TrendDetector(CONFIG, HourOfWeek(WorkingCalendar())), None, publish, board=board)
    start = NOW - timedelta(days=6, hours=12)  # in the weeks of the last briefing report
    await watch.tick(start)
    for n in range(6):
        watch.observe(assigned(f"a{n}", start + timedelta(minutes=n), ward="26740"))
    for hours in range(1, 9):
        await watch.tick(start + timedelta(hours=hours))
    for n in range(7):
        watch.observe(assigned(f"b{n}", start + timedelta(hours=9, minutes=n), ward="26743"))
    for hours in range(10, 12):
        await watch.tick(start + timedelta(hours=hours))
    kinds = [type(m).__name__ for m in published]
    assert kinds == ["TrendDetected", "TrendEnded", "TrendDetected"], kinds


@pytest.fixture
async def deps(tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model("sqlite", tmp_path) as model:
        settings = settings_for_tests(users_file=write_users(tmp_path), session_secret="s" * 40)
        container = seeded_reporting(model, settings=settings)
        await two_trends(container.trend_board)  # the board the pages and the reports read
        yield container


@pytest.fixture
async def client(deps: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api(deps)),
                                 base_url="http://reporting") as http:
        yield http


async def test_the_city_sees_open_trends_first_by_name_with_their_windows_against_normal(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    page = await client.get("/dashboard/trends")
    assert page.status_code == 200
    text = visible(page.text)
    assert "Cảnh báo sớm" in text and "Lĩnh vực tại phường, xã" in text
    assert "26740" not in text and "26743" not in text  # wards by name, never by code
    sections = re.findall(r'<section class="trend" id="trend-[^"]+" data-ended="(true|false)"', page.text)
    assert sections == ["false", "true"]  # the open one first
    open_part = page.text.split('data-ended="true"')[0]
    assert "Tăng" in visible(open_part) and "Đã kết thúc" in visible(page.text.split('data-ended="true"')[1])
    charts = re.findall(r'<svg class="chart" data-chart="trend-(\d)"', page.text)
    assert charts == ["0", "1"]
    observed = [int(v) for v in re.findall(r'data-value="(\d+)"', page.text.split('data-chart="trend-1"')[1])]
    assert max(observed) == 6 and len(observed) >= 5  # the ended burst's windows, up and down again
    bands = re.findall(r'data-band="(\d+)-(\d+)"', page.text)
    assert bands and all(int(low) <= int(high) for low, high in bands)
    assert 'class="band"' in page.text and 'class="normal"' in page.text

    english = await client.get("/dashboard/trends?lang=en")
    assert "Early warning" in visible(english.text) and "Category in a ward" in visible(english.text)


async def test_an_agency_sees_only_the_trends_whose_inquiries_were_assigned_to_it(
        client: httpx.AsyncClient, deps: Container) -> None:
    board = deps.trend_board
    await sign_in(client, "so-xd")  # so-xay-dung: neither trend of the board names it
    page = await client.get("/dashboard/trends")
    assert page.status_code == 200
    assert 'id="no-trends"' in page.text and '<section class="trend"' not in page.text
    assert 'href="/dashboard/trends"' in page.text  # in its pages' header

    [ours] = [v for v in board.views() if not v.ended]  # the open burst, now also assigned to so-xay-dung
    ours.trend.agency_ids.append(AGENCY_A)
    board.put(ours)
    page = await client.get("/dashboard/trends")
    sections = re.findall(r'<section class="trend" id="trend-([^"]+)"', page.text)
    assert sections == [ours.trend.trend_id]
    assert "Sở Xây dựng" in visible(page.text)


async def test_the_weekly_briefing_report_lists_the_trends_of_its_weeks(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    page = await client.get("/dashboard/reports/weekly")
    assert page.status_code == 200
    text = visible(page.text.split("Cảnh báo sớm</")[-1])
    assert text.count("Lĩnh vực tại phường, xã") == 2  # both trends of the board, by name
    assert "26740" not in text and "26743" not in text
    for fmt in ("csv", "xlsx"):
        answer = await client.get("/dashboard/reports/weekly/file", params={"format": fmt})
        assert answer.status_code == 200, answer.text[:300]
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        else:
            book = load_workbook(io.BytesIO(answer.content))
            rows = [[str(c.value) for c in row] for row in book["Cảnh báo sớm"].iter_rows()]
        trends = [r for r in rows if r and r[0].startswith("Lĩnh vực tại phường, xã: ")]
        assert len(trends) == 2 and all(r[1] == "có" for r in trends), rows


def test_a_briefing_lists_the_trends_open_at_some_time_in_its_weeks() -> None:
    def view(detected: int, changed: int, ended: bool) -> trends_pb2.TrendView:
        return trends_pb2.TrendView(trend=trends_pb2.Trend(trend_id=f"t{detected}"), ended=ended,
                                    detected_time=to_timestamp(NOW + timedelta(days=detected)),
                                    changed_time=to_timestamp(NOW + timedelta(days=changed)))

    weeks = Period("briefing", NOW - timedelta(days=28), NOW, "")
    views = [view(-40, -30, True), view(-40, -20, True), view(-10, -10, False), view(-5, -2, True),
             view(1, 1, False)]
    assert [t["trend_id"] for t in briefing_trends(views, weeks)] == ["t-5", "t-10", "t-40"]
