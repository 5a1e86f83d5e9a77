"""Intake's public page with in-memory adapters: the form posts through the REST API's use case,
its anti-forgery token, the citizen rate limit, its bounds, errors next to the fields, and the follow
page showing only the public view's fields."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.clock import FakeClock
from citycomm_intake.adapters.attachment_store import FilesystemStore
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)
FEEDBACK = {"kind": "citizen_feedback", "category": "noise", "ward": "26740", "title": "Karaoke",
            "description": "Hát karaoke ồn ào sau 22 giờ"}
CODE = re.compile(r'id="tracking-code">([^<]+)<')


class Rig:
    def __init__(self, client: TestClient, publisher: FakePublisher, reporting: FakeReporting) -> None:
        self.client, self.publisher, self.reporting = client, publisher, reporting

    def token(self) -> str:
        page = self.client.get("/gop-y")  # in the language chosen before (Vietnamese at first)
        assert page.status_code == 200
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found
        return found.group(1)

    def post(self, fields: dict[str, str], token: str | None = None, photo: bytes = b"") -> Any:
        data = {**fields, "csrf": self.token() if token is None else token}
        return self.client.post("/gop-y", data=data, files={"photo": ("anh.jpg", photo, "image/jpeg")})


def submitted(rig: Rig) -> commands_pb2.SubmitInquiry:
    (command,) = rig.publisher.commands
    assert isinstance(command, commands_pb2.SubmitInquiry)
    return command


def photo_with_gps() -> bytes:
    """A phone's photo: a JPEG whose EXIF says where it was taken."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 46.0, 37.0), 3: "E", 4: (106.0, 42.0, 5.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def make_rig(store: Any = None, **overrides: Any) -> Iterator[Rig]:
    settings = IntakeSettings(**overrides)
    publisher, reporting = FakePublisher(), FakeReporting()
    container = intake_fakes.container(settings, publisher=publisher, reporting=reporting,
                                       clock=FakeClock(NOW), attachment_store=store)
    with TestClient(create_app(settings, container, serve_grpc=False)) as client:
        yield Rig(client, publisher, reporting)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> FilesystemStore:
    return FilesystemStore(tmp_path_factory.mktemp("attachments"))


@pytest.fixture(scope="module")
def shared_rig(store: FilesystemStore) -> Iterator[Rig]:
    yield from make_rig(store)  # one app for the module: building intake's container takes seconds


@pytest.fixture
def rig(shared_rig: Rig) -> Rig:
    shared_rig.publisher.commands.clear()
    shared_rig.client.cookies.clear()
    return shared_rig


def test_the_form_is_vietnamese_first_and_locked_down(rig: Rig) -> None:
    page = rig.client.get("/gop-y")
    assert page.status_code == 200 and '<html lang="vi">' in page.text
    assert "Gửi phản ánh" in page.text and "Phường Sài Gòn" in page.text and "Tiếng ồn" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    cookie = page.headers["set-cookie"]
    assert "citycomm_form=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    english = rig.client.get("/gop-y?lang=en")
    assert '<html lang="en">' in english.text and "Send feedback" in english.text
    assert rig.client.get("/gop-y/static/page.css").status_code == 200
    assert rig.client.get("/", follow_redirects=False).headers["location"] == "/gop-y"


def test_a_citizen_sends_feedback_through_the_rest_use_case(rig: Rig) -> None:
    fields = {**FEEDBACK, "email": "dan@example.com", "consent": "yes", "submission_key": "k-1"}
    sent = rig.post(fields)
    assert sent.status_code == 200, sent.text
    code = CODE.search(sent.text)
    assert code and "Chúng tôi đã nhận" in sent.text
    command = submitted(rig)
    assert command.tracking_code == code.group(1) and command.channel == "web"
    assert command.kind == common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK and command.ward_code == "26740"
    assert command.contact.email == "dan@example.com" and command.contact.language == "vi"
    again = rig.post(fields)  # the same form sent twice: the same inquiry
    assert CODE.search(again.text).group(1) == code.group(1)  # type: ignore[union-attr]


def test_a_photo_the_store_cannot_take_gets_a_503_page_and_nothing_is_sent(tmp_path: Any) -> None:
    root = tmp_path / "full-disk"
    root.write_text("")  # nothing can be stored under a file: as a full or read-only disk
    for broken in make_rig(FilesystemStore(root)):
        sent = broken.post({**FEEDBACK, "submission_key": "k-store"}, photo=photo_with_gps())
        assert sent.status_code == 503 and sent.headers["retry-after"], sent.text
        assert '<html lang="vi">' in sent.text and "gửi lại" in sent.text
        assert broken.publisher.commands == []


def test_an_information_request_names_its_agency_and_requester(rig: Rig) -> None:
    fields = {"kind": "information_request", "agency_id": "so-tai-chinh", "title": "Ngân sách 2025",
              "description": "Xin cung cấp dự toán", "name": "Nguyễn Văn A", "channel": "electronic",
              "email": "a@example.com", "category": "", "ward": ""}
    rig.client.get("/gop-y?lang=en")  # the switch, remembered in a cookie
    sent = rig.post(fields)
    assert sent.status_code == 200, sent.text
    assert "We have received your message" in sent.text
    command = submitted(rig)
    assert command.kind == common_pb2.INQUIRY_KIND_INFORMATION_REQUEST
    assert command.contact.language == "en"  # notices in the language of the page


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({**FEEDBACK, "title": ""}, "title", "Không được để trống"),
    ({**FEEDBACK, "ward": "Quận 1"}, "ward", ""),
    ({**FEEDBACK, "email": "dan@example.com"}, "consent", "đánh dấu ô đồng ý"),
    ({**FEEDBACK, "email": "not-an-address", "consent": "yes"}, "email", ""),
    ({"kind": "information_request", "agency_id": "so-tai-chinh", "title": "T", "description": "D",
      "name": "A", "channel": "post"}, "postal_address", ""),
])
def test_errors_are_shown_next_to_their_fields_in_vietnamese(
        rig: Rig, fields: dict[str, str], field: str, message: str) -> None:
    sent = rig.post(fields)
    assert sent.status_code == 422
    shown = re.search(rf'<p class="error" id="{field}-error">([^<]+)</p>', sent.text)
    assert shown, sent.text
    assert message in shown.group(1)
    assert f'aria-describedby=" {field}-error" aria-invalid="true"' in sent.text or field == "consent"
    assert rig.publisher.commands == []
    assert f'value="{fields.get("title", "")}"' in sent.text  # what was typed stays


def test_a_form_without_its_token_or_from_elsewhere_is_refused(rig: Rig) -> None:
    assert rig.post(FEEDBACK, token="").status_code == 400
    assert rig.post(FEEDBACK, token="forged.token").status_code == 400
    token = rig.token()
    rig.client.cookies.clear()  # another site's page posting our form: no cookie of ours
    assert rig.post(FEEDBACK, token=token).status_code == 400
    assert rig.publisher.commands == []


def test_a_photo_and_a_place_go_with_the_submission_without_the_photos_gps(
        rig: Rig, store: FilesystemStore) -> None:
    sent = rig.post({**FEEDBACK, "lat": "10,7769", "long": "106.7009"}, photo=photo_with_gps())
    assert sent.status_code == 200, sent.text
    command = submitted(rig)
    assert (command.location.lat, command.location.long) == (10.7769, 106.7009)
    (photo,) = command.attachments
    assert photo.content_type == "image/jpeg"
    kept = asyncio.run(store.get(photo.id))
    assert kept is not None
    assert 0x8825 not in Image.open(io.BytesIO(kept.data)).getexif()  # no GPS left


@pytest.mark.parametrize(("fields", "photo", "status", "field"), [
    ({"lat": "10.77"}, b"", 422, "long"),  # both or neither
    ({"lat": "north", "long": "106.7"}, b"", 422, "lat"),
    ({"lat": "21.02", "long": "105.83"}, b"", 422, "lat"),  # Hà Nội is not the city
    ({}, b"MZ not an image", 415, "photo"),
])
def test_a_bad_place_or_photo_is_shown_next_to_its_field(
        rig: Rig, fields: dict[str, str], photo: bytes, status: int, field: str) -> None:
    sent = rig.post({**FEEDBACK, **fields}, photo=photo)
    assert sent.status_code == status
    assert f'id="{field}-error"' in sent.text, sent.text[-3000:]
    assert rig.publisher.commands == []


def test_the_form_is_bounded(store: FilesystemStore) -> None:
    for rig in make_rig(store):
        too_big = rig.post(FEEDBACK, photo=b"x" * (11 * 1024 * 1024))
        assert too_big.status_code == 413 and "Biểu mẫu quá lớn" in too_big.text
        garbage = rig.client.post("/gop-y", content=b"--x\r\nbroken", headers={
            "content-type": "multipart/form-data; boundary=x"})
        assert garbage.status_code == 400
        many = rig.client.post("/gop-y", data={f"f{i}": "1" for i in range(40)}, files={"n": ("", b"")})
        assert many.status_code == 400
        two = rig.client.post("/gop-y", data=FEEDBACK, files=[("photo", ("a", b"1")), ("photo", ("b", b"2"))])
        assert two.status_code == 400
        assert rig.publisher.commands == []


def test_citizens_share_the_apis_rate_limit(store: FilesystemStore) -> None:
    for rig in make_rig(store, citizen_rate_burst=2, citizen_rate_per_second=0.01):
        token = rig.token()
        codes = [rig.post({**FEEDBACK, "title": f"T{i}"}, token=token).status_code for i in range(2)]
        limited = rig.post(FEEDBACK, token=token)
        assert codes == [200, 200] and limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1 and "<html" in limited.text


def test_the_follow_page_shows_the_public_status_and_a_timeline(rig: Rig) -> None:
    sent = rig.post(FEEDBACK)
    code = CODE.search(sent.text).group(1)  # type: ignore[union-attr]
    command = submitted(rig)
    rig.reporting.project(command, "ubnd-26740")
    page = rig.client.get(f"/gop-y/tra-cuu?ma={code}&lang=vi")
    assert page.status_code == 200 and code in page.text
    assert "Đã chuyển đến cơ quan trả lời" in page.text and 'id="timeline"' in page.text
    assert "Tiếng ồn" in page.text and "Phường Sài Gòn" in page.text
    assert page.headers["cache-control"] == "no-store"
    missing = rig.client.get("/gop-y/tra-cuu?ma=ZZZZ-ZZZZ-ZZZZ")
    assert missing.status_code == 404 and "<html" in missing.text
    assert rig.client.get("/gop-y/tra-cuu?ma=" + "x" * 500).status_code == 404
    assert rig.client.get("/gop-y/tra-cuu").status_code == 200
