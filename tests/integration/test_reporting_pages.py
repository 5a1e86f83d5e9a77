"""Reporting's pages on the seeded month: sign-in per person and roles, Vietnamese first and English,
names instead of codes, and the monthly report as PDF, XLSX and CSV (issue 17)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from html import unescape
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.reports import MONTHLY
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_people import PASSWORDS, write_users
from tests.support.reporting_scenario import (
    AGENCY_A,
    AGENCY_B,
    OPERATOR_TOKEN,
    api,
    scenario_facts,
    seeded_reporting,
    settings_for_tests,
)

PAGES = ("/dashboard", "/dashboard/ranking", f"/dashboard/agencies/{AGENCY_A}", "/dashboard/overdue",
         "/dashboard/categories", "/dashboard/wards", "/dashboard/reports/monthly",
         "/dashboard/reports/weekly")
# Codes of the scenario that must never show where a name belongs.
CODES = ("so-xay-dung", "ubnd-26740", "26740", "26743", "reminder_half", "citizen_feedback",
         "press_request", "briefing_question", "2026-05")
CATEGORY_CODES = ("noise", "roads")  # English words too: looked for in the Vietnamese pages only
MAY = {"period": "month", "at": "2026-05-20"}


@pytest.fixture(params=DIALECTS)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        settings = settings_for_tests(users_file=write_users(tmp_path), session_secret="s" * 40)
        yield seeded_reporting(model, settings=settings)


@pytest.fixture
async def client(deps: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api(deps)),
                                 base_url="http://reporting") as http:
        yield http


async def sign_in(client: httpx.AsyncClient, login: str) -> None:
    answer = await client.post("/dashboard/login", data={"login": login, "password": PASSWORDS[login],
                                                          "next": "/dashboard"})
    assert answer.status_code == 303, answer.text


def visible(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


async def test_every_page_needs_a_person_signed_in_not_a_token(client: httpx.AsyncClient) -> None:
    for path in PAGES:
        answer = await client.get(path, headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
        assert answer.status_code == 303, path
        assert answer.headers["location"] == f"/dashboard/login?next={path.replace('/', '%2F')}"
    wrong = await client.post("/dashboard/login", data={"login": "lanh-dao", "password": "sai"})
    assert wrong.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text
    nobody = await client.post("/dashboard/login", data={"login": "ai-do", "password": "sai"})
    assert nobody.status_code == 401
    client.cookies.set("citycomm_session", "forged.value.here")
    assert (await client.get("/dashboard")).status_code == 303


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_leadership_reads_every_page_in_names_not_codes(client: httpx.AsyncClient, lang: str) -> None:
    await sign_in(client, "lanh-dao")
    for path in PAGES:
        answer = await client.get(path, params={**MAY, "lang": lang})
        assert answer.status_code == 200, (path, answer.text[:300])
        assert f'<html lang="{lang}">' in answer.text
        text = visible(answer.text)
        codes = CODES + CATEGORY_CODES if lang == "vi" else CODES
        assert not [code for code in codes if code in text], (path, [c for c in codes if c in text])
    overview = visible((await client.get("/dashboard", params={**MAY, "lang": lang})).text)
    if lang == "vi":
        assert "Tổng quan thành phố" in overview and "01/05/2026 – 31/05/2026" in overview
        assert "Quá hạn và đang xử lý" in overview and "66,7%" in overview  # on-time rate of May
    else:
        assert "City overview" in overview and "1 May 2026 – 31 May 2026" in overview
        assert "66.7%" in overview
    ranking = visible((await client.get("/dashboard/ranking", params={**MAY, "lang": lang})).text)
    assert "Sở Xây dựng" in ranking and "UBND phường Sài Gòn" in ranking
    overdue = visible((await client.get("/dashboard/overdue", params={"lang": lang})).text)
    assert "HCM-I4" in overdue and ("Yêu cầu của báo chí" if lang == "vi" else "Press request") in overdue


async def test_language_follows_the_switch_then_the_browser(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    assert '<html lang="vi">' in (await client.get("/dashboard")).text  # the default
    english = await client.get("/dashboard", headers={"Accept-Language": "en-US,en"})
    assert '<html lang="en">' in english.text
    client.cookies.set("citycomm_lang", "en")
    assert '<html lang="en">' in (await client.get("/dashboard", headers={"Accept-Language": "vi"})).text
    assert '<html lang="vi">' in (await client.get("/dashboard", params={"lang": "vi"})).text


async def test_an_agency_sees_its_own_figures_only(client: httpx.AsyncClient) -> None:
    await sign_in(client, "so-xd")
    home = await client.get("/dashboard")
    assert (home.status_code, home.headers["location"]) == (303, f"/dashboard/agencies/{AGENCY_A}")
    own = await client.get(f"/dashboard/agencies/{AGENCY_A}")
    assert own.status_code == 200 and "HCM-I4" in own.text.split('data-table="slowest"')[1]
    other = await client.get(f"/dashboard/agencies/{AGENCY_B}")
    assert other.status_code == 403 and "Mỗi đơn vị chỉ xem được số liệu của mình." in other.text
    for path in ("/dashboard/ranking", "/dashboard/reports/monthly", "/dashboard/reports/weekly",
                 "/dashboard/reports/monthly/file?format=pdf"):
        assert (await client.get(path)).status_code == 403, path
    overdue = visible((await client.get("/dashboard/overdue", params={"agency_id": AGENCY_B})).text)
    assert "HCM-I4" in overdue and "UBND phường Sài Gòn" not in overdue.split("Số ngày trễ")[1]
    wards = visible((await client.get("/dashboard/wards", params=MAY)).text)
    assert "Sở Xây dựng" in wards  # scoped: the selection names the agency


async def test_only_an_operator_publishes_and_only_from_the_page(client: httpx.AsyncClient,
                                                                 deps: Container) -> None:
    await sign_in(client, "lanh-dao")
    page = (await client.get("/dashboard/reports/monthly", params=MAY)).text
    assert 'id="publish"' not in page
    assert (await client.post("/dashboard/reports/monthly/publish", params=MAY,
                              data={"form_token": "x"})).status_code == 403
    client.cookies.clear()
    await sign_in(client, "van-hanh")
    page = (await client.get("/dashboard/reports/monthly", params=MAY)).text
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token is not None
    forged = await client.post("/dashboard/reports/monthly/publish", params=MAY, data={"form_token": "x"})
    assert forged.status_code == 403
    done = await client.post("/dashboard/reports/monthly/publish", params=MAY,
                             data={"form_token": token.group(1)})
    assert done.status_code == 303
    [record] = deps.publisher.published
    assert record.kind == MONTHLY and record.period_start.month == 5


async def test_the_monthly_report_as_pdf_xlsx_and_csv(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")

    async def download(fmt: str, lang: str = "vi") -> httpx.Response:
        answer = await client.get("/dashboard/reports/monthly/file",
                                  params={**MAY, "format": fmt, "lang": lang})
        assert answer.status_code == 200, answer.text[:300]
        return answer

    pdf = await download("pdf")
    assert pdf.headers["content-disposition"] == 'attachment; filename="bao-cao-thang-2026-05.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Báo cáo tháng", "Sở Xây dựng", "UBND phường Sài Gòn", "Tiếng ồn", "Phường Sài Gòn",
                     "66,7%", "01/05/2026 – 31/05/2026"):
        assert expected in text, expected
    book = load_workbook(io.BytesIO((await download("xlsx")).content))
    assert book.sheetnames[:3] == ["Báo cáo tháng về việc trả lời b", "Xếp hạng theo tỷ lệ đúng hạn",
                                   "Theo đơn vị"]
    by_agency = [[c.value for c in row] for row in book["Theo đơn vị"].iter_rows()]
    assert by_agency[0][:3] == ["Đơn vị", "Tiếp nhận", "Đã trả lời"]
    assert by_agency[1][:2] == ["Sở Xây dựng", "3"]
    raw = (await download("csv")).content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Báo cáo tháng về việc trả lời báo chí và người dân"]
    assert next(r for r in rows if r and r[0] == "Đơn vị")[:2] == ["Đơn vị", "Tiếp nhận"]
    english = PdfReader(io.BytesIO((await download("pdf", "en")).content)).pages[0].extract_text()
    assert "Monthly report" in english and "66.7%" in english


async def test_a_period_with_nothing_says_so_in_the_readers_language(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    empty = {"period": "month", "at": "2025-01-15"}
    page = visible((await client.get(f"/dashboard/agencies/{AGENCY_A}", params=empty)).text)
    assert page.count("Không có số liệu cho lựa chọn này.") == 2 and "no data" not in page
    english = visible((await client.get("/dashboard", params={**empty, "lang": "en"})).text)
    assert "No data for this selection." in english
    missing = await client.get("/dashboard/agencies/no-such-agency", params={"lang": "vi"})
    assert missing.status_code == 404 and "Không có đơn vị này." in missing.text


async def test_the_ranking_over_any_days_compares_with_as_many_days_before(client: httpx.AsyncClient) -> None:
    await sign_in(client, "lanh-dao")
    days = {"period": "range", "from": "2026-05-04", "to": "2026-05-17", "lang": "vi"}
    page = await client.get("/dashboard/ranking", params=days)
    assert page.status_code == 200
    text = visible(page.text)
    assert "04/05/2026 – 17/05/2026" in text and "Sở Xây dựng" in text
    assert re.search(r'name="from" id="from" value="04/05/2026"[^>]*required', page.text)
    assert re.search(r'name="to" id="to" value="17/05/2026"[^>]*required', page.text)
    typed = {**days, "from": "04/05/2026", "to": "17/05/2026"}  # as the form sends what people type
    assert visible((await client.get("/dashboard/ranking", params=typed)).text) == text
    for path in ("/dashboard", f"/dashboard/agencies/{AGENCY_A}", "/dashboard/wards",
                 "/dashboard/reports/monthly"):
        assert (await client.get(path, params=days)).status_code == 200, path


async def test_the_overdue_list_downloads_as_people_read_it(client: httpx.AsyncClient) -> None:
    await sign_in(client, "so-xd")  # an agency: its own overdue inquiries, whatever it asks for
    page = (await client.get("/dashboard/overdue", params={"agency_id": AGENCY_B, "lang": "vi"})).text
    assert 'href="/dashboard/overdue/file?agency_id=ubnd-26740&amp;lang=vi&amp;format=xlsx"' in page
    answer = await client.get("/dashboard/overdue/file", params={"agency_id": AGENCY_B, "format": "xlsx"})
    assert answer.headers["content-disposition"] == 'attachment; filename="yeu-cau-qua-han-2026-05-20.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Yêu cầu quá hạn", "Danh sách"]
    sheet = book["Danh sách"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mã yêu cầu", "Loại", "Đơn vị", "Lĩnh vực", "Phường, xã", "Tiếp nhận", "Hạn trả lời",
                       "Số ngày trễ"]
    assert [r[:3] for r in rows[1:]] == [["HCM-I4", "Yêu cầu của báo chí", "Sở Xây dựng"]]
    raw = (await client.get("/dashboard/overdue/file", params={"format": "csv"})).content
    assert raw.startswith(b"\xef\xbb\xbf") and "HCM-I4" in raw.decode("utf-8-sig")


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/dashboard", {"period": "year"}, 400),
    ("/dashboard/ranking", {"at": "2026-13-01"}, 400),
    ("/dashboard/wards", {"at": "31/02/2026"}, 400),
    ("/dashboard/categories", {"period": "range", "from": "20/05/2026"}, 400),
    ("/dashboard/reports/monthly", {"period": "range", "from": "20/05/2026", "to": "01/05/2026"}, 400),
    ("/dashboard/agencies/no-such-agency", {}, 404),
    (f"/dashboard/agencies/{AGENCY_A}", {"at": "x" * 40}, 400),
    ("/dashboard/overdue", {"page_token": "not-ours"}, 400),
    ("/dashboard/overdue/file", {"format": "docx"}, 400),
])
async def test_a_wrong_address_answers_a_page_in_the_readers_language(
        client: httpx.AsyncClient, path: str, params: dict[str, str], status: int) -> None:
    """A page is read by a person: a wrong value in its address is an HTML page in Vietnamese (or
    English), with the status that says whose fault it is, never the API's English JSON."""
    await sign_in(client, "lanh-dao")
    answer = await client.get(path, params=params, headers={"Accept": "text/html"})
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    page = visible(answer.text)
    said = r"Kỳ báo cáo trong địa chỉ|Địa chỉ trang|Liên kết sang trang sau|Không có đơn vị"
    assert re.search(said, page), page
    assert '<html lang="vi"' in answer.text and "Unprocessable" not in page
    english = await client.get(path, params={**params, "lang": "en"})
    assert english.status_code == status and '<html lang="en"' in english.text
    assert "Không" not in visible(english.text)
    # the API keeps its problem details
    problem = await client.get("/v1/ranking", params={"period": "year"},
                               headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
    assert problem.status_code == 422 and problem.headers["content-type"] == "application/problem+json"
