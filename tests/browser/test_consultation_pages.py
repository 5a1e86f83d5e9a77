"""Issue 20's pages in a real chromium: a citizen finds a draft open for comment on /gop-y, opens its
page and comments without JavaScript; leadership reads the consultation reports in Vietnamese and
English, names where names belong; an agency its own drafts; screenshots in test-artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import uvicorn

from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.clock import FakeClock
from citycomm_dev.broker import free_port
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reporting_pages import CODES, sign_in
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher
from tests.support.polling import wait_for
from tests.support.reporting_people import PASSWORDS
from tests.unit.test_public_consultations import OPEN

PHONE = {"width": 390, "height": 844}
REPORTS = {"consultations": "/dashboard/consultations", "consultation": "/dashboard/consultations/c1"}
EXPECTED = {"vi": {"consultations": "Lấy ý kiến dự thảo văn bản", "consultation": "Góp ý theo đối tượng"},
            "en": {"consultations": "Consultations on draft documents",
                   "consultation": "Comments by audience"}}


@pytest.fixture(scope="module")
def intake() -> Iterator[tuple[str, FakePublisher]]:
    """Intake's HTTP app on a real port over in-memory edges, one draft open to the public."""
    settings = IntakeSettings(max_wait_seconds=0)
    publisher, reporting = FakePublisher(), intake_fakes.FakeReporting()
    reporting.open_consultations.append(OPEN)
    container = intake_fakes.container(settings, publisher=publisher, reporting=reporting,
                                       clock=FakeClock(datetime(2026, 3, 12, 3, tzinfo=UTC)))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, container, serve_grpc=False), port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "intake to start")
    yield f"http://127.0.0.1:{port}", publisher
    server.should_exit = True
    thread.join(10)


def test_a_citizen_comments_on_an_open_draft_from_the_public_page(
        browser: Any, intake: tuple[str, FakePublisher]) -> None:
    url, publisher = intake
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page()
    page.goto(f"{url}/gop-y?lang=vi")
    assert "Dự thảo đang lấy ý kiến" in page.inner_text("#consultations")
    page.screenshot(path=str(ARTIFACTS / "public-consultations-list-vi.png"), full_page=True)
    page.click(f"#consultations a[href='/gop-y/du-thao/{OPEN.consultation_id}']")
    assert page.inner_text("#consultation-title") == OPEN.title
    assert page.inner_text("#consultation-agency") == "Sở Xây dựng"
    page.screenshot(path=str(ARTIFACTS / "public-consultation-vi.png"), full_page=True)
    page.fill("#article", "Điều 5")
    page.fill("#text", "Đề nghị miễn phí cho hộ kinh doanh nhỏ")
    page.fill("#email", "dan@example.vn")
    page.click("#send-comment")
    assert "Chúng tôi đã nhận được góp ý của bạn" in page.inner_text("#comment-received")
    page.screenshot(path=str(ARTIFACTS / "public-consultation-sent-vi.png"), full_page=True)
    [command] = [c for c in publisher.commands if isinstance(c, pb.SubmitConsultationComment)]
    assert (command.article, command.channel, command.contact.email) == (
        "Điều 5", "public_page", "dan@example.vn")
    page.goto(f"{url}/gop-y/du-thao/{OPEN.consultation_id}?lang=en")
    assert "Your comment" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "public-consultation-en.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/gop-y/du-thao/{OPEN.consultation_id}?lang=vi")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "public-consultation-phone.png"), full_page=True)
    page.close()


def test_the_consultation_reports_in_vietnamese_and_english(browser: Any, dashboard_url: str) -> None:
    page = browser.new_page()
    sign_in(page, dashboard_url, "lanh-dao")
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in ("vi", "en"):
        for name, path in REPORTS.items():
            page.goto(f"{dashboard_url}{path}?lang={lang}")
            assert page.get_attribute("html", "lang") == lang
            text = page.inner_text("body")
            assert [code for code in CODES if code in text] == [], (lang, name)
            assert EXPECTED[lang][name] in text, (lang, name)
            page.screenshot(path=str(ARTIFACTS / f"reporting-{name}-{lang}.png"), full_page=True)
    page.goto(f"{dashboard_url}/dashboard/consultations/c1?lang=vi")
    assert page.get_attribute("svg[data-chart=comments-by-audience] rect[data-label='Người dân']",
                              "data-value") == "2"
    page.context.clear_cookies()
    page.goto(f"{dashboard_url}/dashboard/consultations?lang=vi")  # to sign in first, then back here
    page.fill("#login", "so-xd")
    page.fill("#password", PASSWORDS["so-xd"])
    page.press("#password", "Enter")
    page.wait_for_url("**/dashboard/consultations*")
    page.goto(f"{dashboard_url}/dashboard/consultations?lang=vi")
    text = page.inner_text("body")
    assert "Quản lý và sử dụng vỉa hè" in text and "Chợ truyền thống" not in text
    page.close()
