"""Scheduled and on-demand reports: content, timetable, publishing once, CSV/JSON, no personal data."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import from_timestamp
from citycomm_reporting.adapters.archive import ReportArchive
from citycomm_reporting.adapters.publisher import SOURCE, report_message
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.domain.periods import period_containing, previous
from citycomm_reporting.domain.reports import ReportRecord, briefings_until
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import (
    AGENCY_A,
    AGENCY_B,
    CITY,
    KIND,
    OPERATOR_TOKEN,
    api,
    at,
    end_of,
    lifecycle,
    scenario_facts,
    seeded_reporting,
)
from tests.support.reporting_scenario import press as press_actor


@pytest.fixture(params=DIALECTS)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        yield seeded_reporting(model, FakeClock(datetime(2026, 5, 21, 8, 0, tzinfo=CITY)))


def contents(deps: Container) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(r.content) for r in deps.publisher.published]  # type: ignore[attr-defined]


async def test_the_briefing_report_is_ready_on_thursday_morning(deps: Container) -> None:
    published = await deps.reports.publish_due()  # Thu 21 May 08:00
    assert [r.kind for r in published] == ["weekly_briefing", "monthly"]  # and April, the last month
    record = published[0]
    report = json.loads(record.content)
    assert record.kind == "weekly_briefing" and report["trigger"] == "schedule"
    assert report["period"]["end"] == "2026-05-21T00:00:00Z"  # 07:00 in the city
    [briefing] = report["briefings"]
    assert briefing["briefing_date"] == "2026-05-14"
    [question] = briefing["questions"]
    assert (question["inquiry_id"], question["agency_id"], question["status"], question["on_time"]) == (
        "i6", AGENCY_B, "answered", True)
    assert report["summary"] == {"questions": 1, "answered": 1, "on_time": 1, "open": 0, "overdue": 0}
    assert await deps.reports.publish_due() == []  # published once per slot
    assert len(deps.publisher.published) == 2  # type: ignore[attr-defined]


async def test_the_monthly_report_follows_the_month_after_a_grace_hour(deps: Container) -> None:
    early = datetime(2026, 6, 1, 0, 30, tzinfo=CITY)
    assert [r.kind for r in await deps.reports.publish_due(early)] == ["weekly_briefing"]
    [monthly] = await deps.reports.publish_due(datetime(2026, 6, 1, 1, 30, tzinfo=CITY))
    report = json.loads(monthly.content)
    assert report["period"]["label"] == "2026-05"
    by_agency = {g["key"]: g for g in report["by_agency"]}
    assert (by_agency[AGENCY_A]["decided"], by_agency[AGENCY_A]["on_time"]) == (4, 2)
    assert by_agency[AGENCY_A]["agency_name"] == "Sở Xây dựng"
    assert report["totals"]["received"] == 6
    assert [r["agency_id"] for r in report["ranking"]["ranked"]] == [AGENCY_B, AGENCY_A]
    assert {"by_category", "by_kind", "by_ward", "by_channel"} <= set(report)
    assert not any(p in monthly.content for p in ("Nguyễn", "0903", "@example.vn", "Title of i1"))


async def test_on_demand_reports_are_published_and_exported(deps: Container) -> None:
    transport = httpx.ASGITransport(app=api(deps))
    headers = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting", headers=headers) as client:
        created = await client.post("/v1/reports/monthly", params={"period": "month", "at": "2026-05-01"})
        assert created.status_code == 201
        report_id = created.json()["report_id"]
        as_json = (await client.get(f"/v1/reports/{report_id}")).json()
        assert as_json["trigger"] == "on_demand" and as_json["totals"]["answered"] == 5
        as_csv = (await client.get(f"/v1/reports/{report_id}", params={"format": "csv"})).text
        assert as_csv.splitlines()[0].startswith("key,agency_name,received")
        assert len(as_csv.splitlines()) == 3  # two agencies
        briefing = await client.post("/v1/reports/weekly_briefing")
        briefing_csv = (await client.get(f"/v1/reports/{briefing.json()['report_id']}",
                                         params={"format": "csv"})).text
        assert "i6" in briefing_csv and "Title of i6" in briefing_csv
        listed = (await client.get("/v1/reports")).json()["reports"]
        assert {r["kind"] for r in listed} == {"monthly", "weekly_briefing"}
    assert [r.report_id for r in deps.publisher.published][0] == report_id  # type: ignore[attr-defined]


async def test_reports_published_carry_the_typed_kind_and_time_and_the_old_ones(deps: Container) -> None:
    [briefing, _] = await deps.reports.publish_due()
    record = codec.encode(report_message(briefing), source=SOURCE, subject=briefing.report_id)
    published = codec.decode(record.value, record.headers).message
    assert isinstance(published, events_pb2.ReportPublished)
    assert published.report_kind == common_pb2.REPORT_KIND_WEEKLY_BRIEFING
    assert from_timestamp(published.published_time) == datetime(2026, 5, 21, 8, 0, tzinfo=CITY)
    assert (from_timestamp(published.period_start_time), from_timestamp(published.period_end_time)) == (
        datetime(2026, 4, 23, 7, tzinfo=CITY), datetime(2026, 5, 21, 7, tzinfo=CITY))
    # The previous release's readers (notifications) find what they read, in the city's offset.
    as_old_release_reads = events_pb2.ReportPublished.FromString(record.value)
    assert (as_old_release_reads.kind, as_old_release_reads.published_at) == (
        "weekly_briefing", "2026-05-21T08:00:00+07:00")
    assert (as_old_release_reads.period_start, as_old_release_reads.period_end) == (
        "2026-04-23T07:00:00+07:00", "2026-05-21T07:00:00+07:00")


async def test_a_report_period_in_the_citys_time_is_kept_as_that_moment(deps: Container) -> None:
    """SQLite keeps no offsets: 1 December 00:00 in the city must not come back as 00:00 UTC."""
    start, end = datetime(2026, 12, 1, tzinfo=CITY), datetime(2027, 1, 1, tzinfo=CITY)
    record = ReportRecord(report_id="r-tz", kind="monthly", period_start=start, period_end=end,
                          published_at=datetime(2027, 1, 1, 1, tzinfo=CITY),
                          content_type="application/json", content="{}")
    archive = ReportArchive(deps.engine)
    await archive.save(record)
    kept = await archive.get("r-tz")
    assert kept is not None
    assert (kept.period_start, kept.period_end, kept.published_at) == (
        start, end, record.published_at)
    [listed] = [r for r in await archive.latest("monthly") if r["report_id"] == "r-tz"]
    assert listed["period_start"] == start and listed["period_start"].utcoffset() == timedelta(0)


def more_briefing_questions() -> list[Fact]:
    briefing, press = KIND.INQUIRY_KIND_BRIEFING_QUESTION, press_actor()
    more = [
        lifecycle("b1", agency_id=AGENCY_A, kind=briefing, category="roads", ward="26740", channel="api",
                  received=at(2026, 5, 14, 15), due=end_of(2026, 5, 15), answered=at(2026, 5, 19, 9),
                  actor=press, briefing_date="2026-05-14"),  # answered late
        lifecycle("b2", agency_id=AGENCY_A, kind=briefing, category="roads", ward="26740", channel="api",
                  received=at(2026, 5, 7, 15), due=end_of(2026, 5, 12), actor=press,
                  briefing_date="2026-05-07"),  # open, overdue
        lifecycle("b3", agency_id=AGENCY_B, kind=briefing, category="noise", ward="26743", channel="api",
                  received=at(2026, 5, 14, 15), due=end_of(2026, 5, 28), actor=press,
                  briefing_date="2026-05-14"),  # open, not due yet
        lifecycle("b4", agency_id=AGENCY_B, kind=briefing, category="noise", ward="26743", channel="api",
                  received=at(2026, 3, 5, 15), due=end_of(2026, 3, 12), actor=press,
                  briefing_date="2026-03-05"),  # an older one still open
        lifecycle("b5", agency_id=AGENCY_B, kind=briefing, category="noise", ward="26743", channel="api",
                  received=at(2026, 5, 12, 10), due=end_of(2026, 5, 19), answered=at(2026, 5, 13, 9),
                  actor=press),  # raised without a briefing date
    ]
    written = datetime(2026, 5, 20, tzinfo=CITY)
    return [fact_from(message, event_id=f"{inquiry[0].inquiry_id}-{n}", subject=inquiry[0].inquiry_id,
                      written_at=written) for inquiry in more for n, message in enumerate(inquiry)]


@pytest.fixture(params=DIALECTS)
async def briefings(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        for fact in scenario_facts() + more_briefing_questions():
            await model.apply(fact)
        yield seeded_reporting(model, FakeClock(datetime(2026, 5, 21, 8, 0, tzinfo=CITY)))


async def test_the_briefing_reports_page_lists_its_first_questions_and_counts_all_in_sql(
        briefings: Container) -> None:
    """The page reads the first questions and a summary the database counts; the files and the
    published report list them all: both summaries must be the same numbers."""
    deps = briefings
    weeks = briefings_until(deps.clock.now(), 28)
    whole = await deps.reports.briefing_content(weeks)
    first = await deps.reports.briefing_content(weeks, 3)
    assert whole["summary"] == {"questions": 6, "answered": 3, "on_time": 2, "open": 3, "overdue": 2}
    assert first["summary"] == whole["summary"] and (first["shown"], whole["shown"]) == (3, 6)
    listed = [q["inquiry_id"] for b in whole["briefings"] for q in b["questions"]]
    assert [q["inquiry_id"] for b in first["briefings"] for q in b["questions"]] == listed[:3]
    assert listed[-1] == "b5"  # no briefing date: last, as the report has always put it


async def test_a_published_month_reads_as_published_and_the_current_one_is_computed(deps: Container) -> None:
    """The monthly report of a month that has ended and was published is one read of the archive
    (what the city office received), not six percentile sorts again; this month's is computed."""
    clock = deps.clock
    assert isinstance(clock, FakeClock)
    clock.set(datetime(2026, 6, 1, 1, 30, tzinfo=CITY))
    [monthly] = [r for r in await deps.reports.publish_due() if r.kind == "monthly"]
    may = period_containing("month", datetime(2026, 5, 20, tzinfo=CITY))
    clock.set(datetime(2026, 6, 20, 9, 0, tzinfo=CITY))
    read = await deps.reports.monthly_to_read(may)
    assert read["report_id"] == monthly.report_id and read["generated_at"] == "2026-05-31T18:30:00Z"
    assert read["published_at"] == "2026-05-31T18:30:00Z"
    assert read["totals"] == (await deps.reports.monthly_content(may))["totals"]  # nothing changed since
    june = await deps.reports.monthly_to_read(period_containing("month", clock.now()))
    assert "published_at" not in june and june["generated_at"] == "2026-06-20T02:00:00Z"
    april = await deps.reports.monthly_to_read(previous(may))  # ended, never published: computed
    assert "published_at" not in april and april["totals"]["received"] == 1
