"""The consultation reports' pages on both databases (issue 20, decision 0108): across agencies and
per consultation, Vietnamese first and English, names instead of codes, an agency its own drafts;
PDF, XLSX and CSV; and the consultations in the weekly press-briefing report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.reports import WEEKLY_BRIEFING
from tests.integration.test_reporting_pages import sign_in, visible
from tests.support.consultation_scenario import consultation_facts
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_people import write_users
from tests.support.reporting_scenario import NOW, api, scenario_facts, seeded_reporting, settings_for_tests

MAY = {"period": "month", "at": "20/05/2026"}
C1, C2 = "Quản lý và sử dụng vỉa hè", "Chợ truyền thống"


def words(page: str) -> str:
    return " ".join(visible(page).split())


@pytest.fixture(params=DIALECTS)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        await model.apply_batch(scenario_facts() + consultation_facts())
        settings = settings_for_tests(users_file=write_users(tmp_path), session_secret="s" * 40)
        yield seeded_reporting(model, settings=settings)


@pytest.fixture
async def client(deps: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api(deps)),
                                 base_url="http://reporting") as http:
        yield http


async def test_across_agencies_in_vietnamese_and_english(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    vi = words((await client.get("/dashboard/consultations", params={**MAY, "lang": "vi"})).text)
    assert "Lấy ý kiến dự thảo văn bản" in vi and C1 in vi and C2 in vi
    assert "Sở Xây dựng" in vi and "UBND phường Sài Gòn" in vi and "so-xay-dung" not in vi
    assert "Dự thảo đã lấy ý kiến: 2 · Góp ý: 5 · Đã trả lời: 1 · Trả lời đúng hạn: 1" in vi
    assert "Công bố đúng hạn" in vi and "Đang lấy ý kiến" in vi
    en = words((await client.get("/dashboard/consultations", params={**MAY, "lang": "en"})).text)
    assert "Drafts consulted: 2 · Comments: 5 · Answered: 1 · Answered on time: 1" in en
    assert "Published on time" in en and "Open for comments" in en
    april = words((await client.get("/dashboard/consultations", params={
        "period": "month", "at": "20/04/2026", "lang": "en"})).text)
    assert "Drafts consulted: 0" in april and C1 not in april


async def test_one_consultation_by_audience_article_theme_and_day(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    page = await client.get("/dashboard/consultations/c1", params={"lang": "vi"})
    assert page.status_code == 200
    text = words(page.text)
    assert f"Báo cáo lấy ý kiến: {C1}" in text
    assert ("Góp ý: 4 · Bị từ chối sau khi kết thúc: 1 · Báo cáo tiếp thu, giải trình: Công bố đúng hạn"
            in text)
    assert "Báo chí 1" in text and "Người dân 2" in text and "Tổ chức 1" in text
    assert "Điều 5 2" in text and "vỉa hè 1" in text and "05/05/2026 2" in text
    assert 'data-series="Góp ý"' in page.text  # the charts
    en = words((await client.get("/dashboard/consultations/c1", params={"lang": "en"})).text)
    assert "Press 1" in en and "Public 2" in en and "Organisations 1" in en
    missing = await client.get("/dashboard/consultations/nope", params={"lang": "vi"})
    assert missing.status_code == 404 and "Không có đợt lấy ý kiến này." in missing.text


async def test_an_agency_sees_its_own_drafts_only(client: httpx.AsyncClient) -> None:
    await sign_in(client, "so-xd")  # so-xay-dung, c1's drafting agency
    listing = words((await client.get("/dashboard/consultations", params=MAY)).text)
    assert C1 in listing and C2 not in listing
    assert (await client.get("/dashboard/consultations/c1")).status_code == 200
    other = await client.get("/dashboard/consultations/c2")
    assert other.status_code == 403 and "Mỗi cơ quan chỉ xem các dự thảo của mình." in other.text
    assert (await client.get("/dashboard/consultations/c2/file", params={"format": "csv"})).status_code == 403
    rows = list(csv.reader(io.StringIO((await client.get("/dashboard/consultations/file", params={
        **MAY, "format": "csv"})).content.decode("utf-8-sig"))))
    assert any(C1 in r for r in rows) and not any(C2 in r for r in rows)


async def test_the_reports_as_pdf_xlsx_and_csv(client: httpx.AsyncClient) -> None:
    await sign_in(client, "van-hanh")
    for path in ("/dashboard/consultations/file", "/dashboard/consultations/c1/file"):
        pdf = await client.get(path, params={**MAY, "format": "pdf"})
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert C1 in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        xlsx = await client.get(path, params={**MAY, "format": "xlsx"})
        book = load_workbook(io.BytesIO(xlsx.content))
        assert any(C1 in str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
        assert "bao-cao-lay-y-kien" in xlsx.headers["content-disposition"]
    per_day = (await client.get("/dashboard/consultations/c1/file", params={"format": "csv"})).content
    assert "Góp ý theo ngày" in per_day.decode("utf-8-sig")


async def test_the_weekly_briefing_report_lists_consultations_opened_closing_and_answered(
        client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    page = words((await client.get("/dashboard/reports/weekly", params={"lang": "vi"})).text)
    opened = page.split("Đợt lấy ý kiến mở trong tuần")[1].split("Đợt lấy ý kiến kết thúc trong tuần")[0]
    closing = page.split("Đợt lấy ý kiến kết thúc trong tuần")[1].split("Đợt lấy ý kiến đã công bố")[0]
    answered = page.split("Đợt lấy ý kiến đã công bố tiếp thu trong tuần")[1]
    assert C1 in opened and C2 in opened
    assert C1 in closing and C2 not in closing
    assert C1 in answered and C2 not in answered
    rows = list(csv.reader(io.StringIO((await client.get("/dashboard/reports/weekly/file", params={
        "format": "csv"})).content.decode("utf-8-sig"))))
    assert any(C2 in r for r in rows)


async def test_the_published_weekly_report_carries_the_consultations(deps: Container) -> None:
    record = await deps.reports.on_demand(WEEKLY_BRIEFING, Period("week", NOW, NOW, "ignored"))
    consulted = json.loads(record.content)["consultations"]
    assert {name: [c["consultation_id"] for c in lines] for name, lines in consulted.items()} == {
        "opened": ["c1", "c2"], "closing": ["c1"], "answered": ["c1"]}
    assert consulted["answered"][0]["response_published_at"] == "2026-05-19T03:00:00+00:00"
