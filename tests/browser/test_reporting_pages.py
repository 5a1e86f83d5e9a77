"""THE browser test of issue 17: leadership signs in in a real chromium, opens every page in Vietnamese
and in English, finds names where names belong (never a code), downloads the monthly report as PDF and
XLSX and reads them; every page leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS
from tests.support.reporting_people import PASSWORDS
from tests.support.reporting_scenario import AGENCY_A

PAGES = {"overview": "/dashboard", "ranking": "/dashboard/ranking",
         "agency": f"/dashboard/agencies/{AGENCY_A}",
         "overdue": "/dashboard/overdue", "categories": "/dashboard/categories", "wards": "/dashboard/wards",
         "weekly": "/dashboard/reports/weekly", "monthly": "/dashboard/reports/monthly"}
# The codes of the seeded month (agencies, wards, stages, kinds) and of the examples.
CODES = ("so-xay-dung", "ubnd-26740", "26740", "26743", "reminder_half", "citizen_feedback",
         "press_request", "briefing_question", "information_request", "public-transport")
CATEGORY_CODES = ("noise", "roads")  # English words as well: looked for on the Vietnamese pages
EXPECTED = {"vi": {"overview": "Tổng quan thành phố", "ranking": "Xếp hạng theo tỷ lệ đúng hạn",
                   "agency": "Sở Xây dựng", "overdue": "Yêu cầu quá hạn", "categories": "Tiếng ồn",
                   "wards": "Phường Sài Gòn", "weekly": "Báo cáo họp báo hằng tuần",
                   "monthly": "Báo cáo tháng về việc trả lời báo chí và người dân"},
            "en": {"overview": "City overview", "ranking": "Ranking by on-time rate", "agency": "Sở Xây dựng",
                   "overdue": "Overdue inquiries", "categories": "Noise", "wards": "Phường Sài Gòn",
                   "weekly": "Weekly press-briefing report",
                   "monthly": "Monthly report on answers to the press and citizens"}}


def sign_in(page: Any, url: str, login: str) -> None:
    page.context.clear_cookies()  # one browser profile for the module: start signed out
    page.goto(f"{url}/dashboard")
    assert "/dashboard/login" in page.url  # no one signed in yet
    page.fill("#login", login)
    page.fill("#password", PASSWORDS[login])
    page.press("#password", "Enter")  # the keyboard is enough
    page.wait_for_url(f"{url}/dashboard")


def test_leadership_reads_every_page_in_vietnamese_and_english(browser: Any, dashboard_url: str) -> None:
    page = browser.new_page()
    sign_in(page, dashboard_url, "lanh-dao")
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("vi", "en"):
        for name, path in PAGES.items():
            page.goto(f"{dashboard_url}{path}?lang={lang}")
            assert page.get_attribute("html", "lang") == lang
            text = page.inner_text("body")
            codes = CODES + CATEGORY_CODES if lang == "vi" else CODES
            assert [code for code in codes if code in text] == [], (lang, name)
            assert EXPECTED[lang][name] in text, (lang, name)
            page.screenshot(path=str(ARTIFACTS / f"reporting-{name}-{lang}.png"), full_page=True)
    page.goto(f"{dashboard_url}/dashboard?lang=vi")
    assert page.text_content("[data-figure=on_time_rate] b") == "66,7%"
    may = page.get_attribute("svg[data-chart=on-time] circle[data-label='05/2026']", "data-value")
    assert may == "0.6667"
    page.click("#language")  # the switch on the page
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("[data-figure=on_time_rate] b") == "66.7%"
    page.close()


def test_the_pages_work_from_the_keyboard_and_on_a_phone(browser: Any, dashboard_url: str) -> None:
    page = browser.new_page()
    sign_in(page, dashboard_url, "lanh-dao")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{dashboard_url}/dashboard?lang=vi")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for name in ("overview", "ranking", "overdue", "monthly"):
        page.goto(f"{dashboard_url}{PAGES[name]}?lang=vi")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (name, width)  # nothing wider than the phone
        page.screenshot(path=str(ARTIFACTS / f"reporting-{name}-phone.png"), full_page=True)
    page.goto(f"{dashboard_url}/dashboard/overdue?lang=vi")
    page.focus("#agency_id")
    page.select_option("#agency_id", AGENCY_A)
    page.focus("#apply")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**agency_id={AGENCY_A}**")
    assert "HCM-I4" in page.inner_text("[data-table=overdue]")
    page.close()


def test_the_monthly_report_downloads_as_pdf_and_xlsx(browser: Any, dashboard_url: str) -> None:
    page = browser.new_page()
    sign_in(page, dashboard_url, "lanh-dao")
    page.goto(f"{dashboard_url}/dashboard/reports/monthly?period=month&at=2026-05-20&lang=vi")
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    pdf = pdf_download.value
    assert pdf.suggested_filename == "bao-cao-thang-2026-05.pdf"
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in ("Báo cáo tháng về việc trả lời báo chí và người dân", "01/05/2026 – 31/05/2026",
                     "Sở Xây dựng", "UBND phường Sài Gòn", "Tiếng ồn", "Phường Sài Gòn", "66,7%",
                     "Phản ánh, kiến nghị", "Yêu cầu của báo chí"):
        assert expected in text, expected
    assert [code for code in CODES + CATEGORY_CODES if code in text] == []
    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    summary = [row[0].value for row in book.worksheets[0].iter_rows()]
    assert summary[0] == "Báo cáo tháng về việc trả lời báo chí và người dân"
    assert "Kỳ báo cáo: 01/05/2026 – 31/05/2026" in summary
    ranking = [[c.value for c in row] for row in book["Xếp hạng theo tỷ lệ đúng hạn"].iter_rows()]
    assert ranking[0] == ["Hạng", "Đơn vị", "Tỷ lệ đúng hạn", "Đến hạn", "Đúng hạn"]
    assert {row[1] for row in ranking[1:]} <= {"Sở Xây dựng", "UBND phường Sài Gòn"}
    kinds = {row[0].value for row in book["Theo loại"].iter_rows(min_row=2)}
    assert "Phản ánh, kiến nghị" in kinds and "citizen_feedback" not in kinds
    page.close()


def test_days_are_typed_dd_mm_yyyy_and_a_wrong_address_is_a_page_in_vietnamese(
        browser: Any, dashboard_url: str) -> None:
    """Chromium's own date control shows its locale's format (mm/dd/yyyy in an en-US browser): the
    pages' day fields are dd/mm/yyyy whatever the browser, with the format said beside them."""
    page = browser.new_page()
    sign_in(page, dashboard_url, "lanh-dao")
    page.goto(f"{dashboard_url}/dashboard/ranking?period=month&at=20%2F05%2F2026&lang=vi")
    assert page.input_value("#at") == "31/05/2026"  # the period's last day, as Vietnamese write it
    assert page.get_attribute("#at", "type") == "text"
    assert "ví dụ 20/05/2026" in page.inner_text("#day-format")
    page.fill("#at", "2026-05-20")  # not dd/mm/yyyy: the browser refuses to send the form
    page.click("#apply")
    assert page.evaluate("document.querySelector('#at').validity.patternMismatch") is True
    assert "at=2026-05-20" not in page.url
    page.fill("#from", "04/05/2026")
    page.fill("#to", "17/05/2026")
    page.press("#to", "Enter")
    page.wait_for_url("**to=17%2F05%2F2026**")
    assert "04/05/2026 – 17/05/2026" in page.inner_text("body")
    assert page.input_value("#from") == "04/05/2026"
    answer = page.goto(f"{dashboard_url}/dashboard/wards?at=31/02/2026&lang=vi")
    assert answer is not None and answer.status == 400
    assert "Kỳ báo cáo trong địa chỉ trang không hợp lệ" in page.inner_text("#refused")
    page.screenshot(path=str(ARTIFACTS / "reporting-wrong-address-vi.png"), full_page=True)
    page.close()
