"""The public page end to end on the session stack: a citizen's form, posted as a browser posts it
(token from the page, its cookie, multipart), is routed like any REST submission, reaches the ward's
People's Committee, and the follow page shows the agency by name once reporting has it."""

from __future__ import annotations

import re

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver


def test_feedback_sent_on_the_page_reaches_the_agency_and_is_followed(
    stack: Stack, stack_config: StackConfig, receiver: Receiver
) -> None:
    base = f"http://127.0.0.1:{stack_config.ports.intake_http}"
    with httpx.Client(base_url=base, timeout=10) as browser:
        form = browser.get("/gop-y")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert form.status_code == 200 and token
        fields = {"csrf": token.group(1), "kind": "citizen_feedback", "category": "noise",
                  "ward": "26740", "title": "Karaoke trên trang", "description": "Hát karaoke sau 22 giờ",
                  "submission_key": "e2e-public-page"}
        sent = browser.post("/gop-y", data=fields, files={"photo": ("", b"", "application/octet-stream")})
        code = re.search(r'id="tracking-code">([^<]+)<', sent.text)
        assert sent.status_code == 200 and code, sent.text[-2000:]
        tracked = wait_for(lambda: (r := browser.get(f"/v1/track/{code.group(1)}")).status_code == 200
                           and r.json().get("agency_id") and r.json(), 30, "the inquiry to be assigned")
        assigned = receiver.event("inquiry.assigned", tracked["inquiry_id"])
        assert assigned["data"]["tracking_code"] == code.group(1)
        followed = browser.get("/gop-y/tra-cuu", params={"ma": code.group(1), "lang": "vi"})
        assert followed.status_code == 200 and "UBND Phường Sài Gòn" in followed.text, followed.text[-1500:]
        assert "Karaoke trên trang" in followed.text
