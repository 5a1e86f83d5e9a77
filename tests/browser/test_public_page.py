"""Issue 18's public page in a real chromium: a citizen sends feedback in Vietnamese with JavaScript
and an information request without it, sees the tracking code, follows it, switches to English; the
page works on a phone's width and from the keyboard; screenshots in test-artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from citycomm.v1 import commands_pb2
from citycomm_common.clock import FakeClock
from citycomm_dev.broker import free_port
from citycomm_intake.adapters.attachment_store import FilesystemStore
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings
from tests.browser.conftest import ARTIFACTS
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting
from tests.support.polling import wait_for
from tests.unit.test_public_page import photo_with_gps

PHONE = {"width": 390, "height": 844}


@dataclass
class Intake:
    url: str
    publisher: FakePublisher
    reporting: FakeReporting

    def project_last(self, agency_id: str) -> str:
        """Routing's part: the last submission assigned to `agency_id`; its tracking code."""
        command = self.publisher.commands[-1]
        assert isinstance(command, commands_pb2.SubmitInquiry)
        self.reporting.project(command, agency_id)
        return command.tracking_code


@pytest.fixture(scope="module")
def intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Intake]:
    """Intake's HTTP app on a real port over in-memory edges (the clock at 12 March 2026, 10:00)."""
    settings = IntakeSettings()
    publisher, reporting = FakePublisher(), FakeReporting()
    container = intake_fakes.container(settings, publisher=publisher, reporting=reporting,
                                       clock=FakeClock(datetime(2026, 3, 12, 3, tzinfo=UTC)),
                                       attachment_store=FilesystemStore(tmp_path_factory.mktemp("files")))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, container, serve_grpc=False), port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "intake to start")
    yield Intake(f"http://127.0.0.1:{port}", publisher, reporting)
    server.should_exit = True
    thread.join(10)


def fits(page: Any) -> bool:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return bool(width[0] <= width[1])


def test_a_citizen_sends_feedback_on_a_phone_and_follows_it(
        chromium: Any, intake: Intake, tmp_path: Path) -> None:
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", permissions=["geolocation"],
                                   geolocation={"latitude": 10.7769, "longitude": 106.7009})
    page = context.new_page()
    page.goto(f"{intake.url}/gop-y")
    assert page.get_attribute("html", "lang") == "vi" and fits(page)
    assert page.is_visible("#feedback-fields") and not page.is_visible("#request-fields")  # JavaScript on
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.select_option("#category", "noise")
    page.select_option("#ward", label="Phường Sài Gòn")
    page.focus("#title")
    page.keyboard.type("Karaoke ồn ào")
    page.keyboard.press("Tab")
    page.keyboard.type("Hát karaoke sau 22 giờ mỗi đêm")
    photo = tmp_path / "anh-dien-thoai.jpg"
    photo.write_bytes(photo_with_gps())
    page.set_input_files("#photo", str(photo))
    page.click("#locate")  # the phone's position, through navigator.geolocation
    page.wait_for_function("document.getElementById('lat').value !== ''")
    assert (page.input_value("#lat"), page.input_value("#long")) == ("10.776900", "106.700900")
    page.fill("#email", "dan@example.com")
    page.check("input[name=consent]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "public-page-form-phone.png"), full_page=True)
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")  # the keyboard is enough
    page.wait_for_selector("#tracking-code")
    code = page.text_content("#tracking-code") or ""
    assert "Chúng tôi đã nhận được" in page.inner_text("main") and fits(page)
    command = intake.publisher.commands[-1]
    assert isinstance(command, commands_pb2.SubmitInquiry)
    assert len(command.attachments) == 1 and command.location.lat == 10.7769
    assert intake.project_last("ubnd-26740") == code
    page.screenshot(path=str(ARTIFACTS / "public-page-received-phone.png"), full_page=True)
    page.click("text=Tra cứu ngay")
    assert page.text_content("#status") == "Đã chuyển đến cơ quan trả lời"
    assert page.text_content("#agency") == "UBND Phường Sài Gòn"
    assert "Đã tiếp nhận" in page.inner_text("#timeline") and "Hạn trả lời" in page.inner_text("#timeline")
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / "public-page-follow-vi.png"), full_page=True)
    page.click("#language")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("#status") == "Sent to the agency that answers"
    page.screenshot(path=str(ARTIFACTS / "public-page-follow-en.png"), full_page=True)
    context.close()


def test_without_javascript_the_form_still_works_and_shows_errors(chromium: Any, intake: Intake) -> None:
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(f"{intake.url}/gop-y?lang=vi")
    assert page.is_visible("#feedback-fields") and page.is_visible("#request-fields")
    assert not page.is_visible("#locate")  # nothing offered that needs a script
    page.check("input[value=information_request]")
    page.select_option("#agency_id", "so-tai-chinh")
    page.fill("#name", "Nguyễn Văn A")
    page.select_option("#channel", "post")
    page.fill("#description", "Xin cung cấp dự toán ngân sách 2025")
    page.click("button[type=submit]")
    assert page.get_attribute("#title", "aria-invalid") == "true"  # the subject is missing
    assert "Không được để trống" in page.inner_text("#title-error")
    assert page.input_value("#name") == "Nguyễn Văn A"  # what was typed stays
    page.screenshot(path=str(ARTIFACTS / "public-page-errors-nojs.png"), full_page=True)
    page.fill("#title", "Ngân sách 2025")
    page.click("button[type=submit]")
    assert page.is_visible("#postal_address-error")  # by post, with no address to post to
    page.fill("#postal_address", "12 Lê Lợi, Phường Sài Gòn")
    page.click("button[type=submit]")
    code = page.text_content("#tracking-code") or ""
    command = intake.publisher.commands[-1]
    assert isinstance(command, commands_pb2.SubmitInquiry) and command.tracking_code == code
    assert command.channel == "web"
    page.screenshot(path=str(ARTIFACTS / "public-page-received-nojs.png"), full_page=True)
    context.close()
