"""The public page end to end on the session stack (issue 18's "done when"): a citizen's form with a
photo from a phone and an e-mail address, posted as a browser posts it (token from the page, its
cookie, multipart), is routed like any REST submission; the citizen is mailed the tracking code; the
ward's People's Committee receives the photo as a link to an image without GPS metadata; its answer
reaches the citizen by e-mail and shows on the follow page."""

from __future__ import annotations

import io
import re
import uuid

import httpx
from PIL import Image

from citycomm_dev.mail_server import DemoMailbox
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.e2e.test_press_progress import act
from tests.e2e.test_submitter_mail import mail
from tests.support import api_keys
from tests.unit.test_public_page import photo_with_gps

GPS_INFO = 0x8825


def test_a_citizen_sends_a_photo_on_the_page_hears_back_by_mail_and_follows_the_answer(
        stack: Stack, stack_config: StackConfig, receiver: Receiver, mailbox: DemoMailbox) -> None:
    address = f"trang.gop.y.{uuid.uuid4().hex[:8]}@example.vn"
    base = f"http://127.0.0.1:{stack_config.ports.intake_http}"
    with httpx.Client(base_url=base, timeout=10) as browser:
        form = browser.get("/gop-y")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert form.status_code == 200 and token
        fields = {"csrf": token.group(1), "kind": "citizen_feedback", "category": "noise",
                  "ward": "26740", "title": "Karaoke trên trang", "description": "Hát karaoke sau 22 giờ",
                  "lat": "10,7769", "long": "106,7009", "email": address, "consent": "yes",
                  "submission_key": uuid.uuid4().hex}
        photo = {"photo": ("IMG_0001.jpg", photo_with_gps(), "image/jpeg")}  # GPS in its EXIF
        sent = browser.post("/gop-y", data=fields, files=photo)
        code = re.search(r'id="tracking-code">([^<]+)<', sent.text)
        assert sent.status_code == 200 and code, sent.text[-2000:]
        tracking_code = code.group(1)
        received = mail(mailbox, address, tracking_code)
        assert f"Mã tra cứu: {tracking_code}" in received["text"]

        tracked = wait_for(lambda: (r := browser.get(f"/v1/track/{tracking_code}")).status_code == 200
                           and r.json().get("agency_id") and r.json(), 30, "the inquiry to be assigned")
        assigned = receiver.event("inquiry.assigned", tracked["inquiry_id"])["data"]
        assert assigned["tracking_code"] == tracking_code
        assert assigned["location"] == {"lat": 10.7769, "long": 106.7009}
        (attached,) = assigned["attachments"]
        image = httpx.get(attached["link"], timeout=10, follow_redirects=True)
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        assert GPS_INFO not in Image.open(io.BytesIO(image.content)).getexif()  # what the agency sees

        keys = api_keys.issue(keys_url(stack_config), {"agency": ("agency", assigned["agency_id"])},
                              label="e2e-public-page")
        try:
            act(stack_config, keys["agency"], tracked["inquiry_id"], "answer",
                {"answer": "Công an phường đã nhắc nhở hộ gia đình."})
        finally:
            api_keys.revoke(keys_url(stack_config), keys.values())
        answered = mail(mailbox, address, f"Đã có trả lời cho {tracking_code}")
        assert "Công an phường đã nhắc nhở hộ gia đình." in answered["text"]

        def answer_shown() -> str | None:
            page = browser.get("/gop-y/tra-cuu", params={"ma": tracking_code, "lang": "vi"})
            return page.text if 'id="answer"' in page.text else None

        followed = wait_for(answer_shown, 30, "the answer on the follow page")
        assert "UBND Phường Sài Gòn" in followed and "Công an phường đã nhắc nhở hộ gia đình." in followed
        assert "Đã trả lời" in followed
