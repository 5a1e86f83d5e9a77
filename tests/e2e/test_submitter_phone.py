"""A journalist hears back by SMS and Zalo ZNS, end to end on the session stack (issue 18): both
fake providers are down when the first notice comes, and each notice still arrives exactly once."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import httpx
import pytest

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import PhoneProviders, Receiver, keys_url
from tests.e2e.test_intake_flow import base, bearer
from tests.e2e.test_press_progress import act
from tests.support import api_keys

PARTIES = {"press": ("press_agency", "bao-tuoi-tre"), "builders": ("agency", "so-xay-dung")}


@pytest.fixture(scope="module")
def keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    issued = api_keys.issue(keys_url(stack_config), PARTIES, label="e2e-submitter-phone")
    yield issued
    api_keys.revoke(keys_url(stack_config), issued.values())


def test_a_journalists_sms_and_zalo_notices_arrive_once_each_through_an_outage(
        stack: Stack, stack_config: StackConfig, keys: dict[str, str], receiver: Receiver,
        phone_providers: PhoneProviders) -> None:
    digits = "".join(random.choices("0123456789", k=8))
    phone, international = f"09{digits}", f"849{digits}"
    phone_providers.down_once.add(international)
    asked = {"kind": "press_request", "agency_id": "so-xay-dung", "title": "Tiến độ cầu Cần Giờ",
             "question": "Khi nào cầu Cần Giờ thông xe?", "journalist": "Trần B",
             "contact": {"phone": phone}}
    submitted = httpx.post(f"{base(stack_config)}/v1/inquiries", json=asked, timeout=10,
                           headers={**bearer(keys["press"]), "Idempotency-Key": str(uuid.uuid4())})
    assert submitted.status_code == 202, submitted.text
    inquiry_id, code = submitted.json()["inquiry_id"], submitted.json()["tracking_code"]

    def taken(provider: str, count: int) -> bool:
        return len([s for s, _ in phone_providers.seen(provider, international) if s == 200]) >= count

    wait_for(lambda: taken("sms", 1) and taken("zalo", 1), 30, "the received notice after the outage")
    receiver.event("inquiry.assigned", inquiry_id)
    act(stack_config, keys["builders"], inquiry_id, "acknowledge", {"note": "Đã giao phòng Giao thông"})
    wait_for(lambda: taken("sms", 2) and taken("zalo", 2), 30, "the acknowledged notice")

    sms, zalo = phone_providers.seen("sms", international), phone_providers.seen("zalo", international)
    assert [status for status, _ in sms] == [503, 200, 200]  # the outage, then each notice once
    assert [status for status, _ in zalo] == [503, 200, 200]
    assert code in sms[1][1]["content"] and sms[1][1]["content"].startswith("Phản ánh")
    assert [body["template_data"]["status"] for _, body in zalo[1:]] == ["received", "acknowledged"]
    assert all(body["template_id"] == "301234" for _, body in zalo)
