"""inquiry.assigned webhooks: the lead agency gets the whole case with the citizen's contact, the
co-handling agencies the same case without any personal data."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.codec import Envelope
from citycomm_common.directory import load_directory
from citycomm_notifications.domain.notices import notices_for
from tests.conftest import CONFIG_DIR

PERSONAL = ("Nguyễn Văn A", "0901234567", "a@example.com", "12 Lê Lợi")


def _envelope(event: events_pb2.InquiryAssigned) -> Envelope:
    return Envelope(id="ev-1", type=event.DESCRIPTOR.full_name, source="/citycomm/routing",
                    subject=event.inquiry_id, time=datetime(2026, 11, 26, tzinfo=UTC), message=event,
                    headers={})


def test_only_the_lead_agency_gets_the_contact_and_everyone_gets_the_case() -> None:
    event = events_pb2.InquiryAssigned(
        inquiry_id="inq-1", agency_id="so-an-toan-thuc-pham", co_handling_agency_ids=["so-y-te"],
        kind=common_pb2.INQUIRY_KIND_INFORMATION_REQUEST, title="Ngộ độc", description="Xin số liệu",
        contact=common_pb2.Contact(name=PERSONAL[0], phone=PERSONAL[1], email=PERSONAL[2],
                                   postal_address=PERSONAL[3] + ", Phường Sài Gòn"),
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_CITIZEN),
        details=common_pb2.InquiryDetails(channel="post", complexity="complex"))
    lead, co = notices_for(_envelope(event), load_directory(CONFIG_DIR / "directory.yaml"))
    assert (lead.agency_id, co.agency_id) == ("so-an-toan-thuc-pham", "so-y-te")
    assert lead.data["contact"]["postal_address"] == "12 Lê Lợi, Phường Sài Gòn"
    assert lead.data["submitted_by"] == {"role": "citizen", "id": None}  # anonymous: explicit null
    assert (lead.data["co_handling"], co.data["contact"]) == (False, None)
    shared = json.dumps(co.data, ensure_ascii=False)
    assert not [p for p in PERSONAL if p in shared], shared
    assert co.data["co_handling"] is True and co.data["description"] == "Xin số liệu"
    assert co.data["details"] == {
        "briefing_date": None, "answer_on_press": False, "petition_follow_up": False, "links": [],
        "source_urls": [], "urgent": False, "channel": "post", "complexity": "complex", "event_at": None}


def test_the_asker_and_details_travel_in_the_webhook_as_json() -> None:
    event = events_pb2.InquiryAssigned(
        inquiry_id="inq-2", agency_id="so-xay-dung", kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST,
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre"),
        asked_by=common_pb2.Asker(party_id="bao-tuoi-tre", party_name="Báo Tuổi Trẻ", journalist="B"),
        details=common_pb2.InquiryDetails(answer_on_press=True, links=["https://tuoitre.vn/a"]))
    (notice,) = notices_for(_envelope(event), load_directory(CONFIG_DIR / "directory.yaml"))
    assert notice.data["submitted_by"] == {"role": "press_agency", "id": "bao-tuoi-tre"}
    assert notice.data["asked_by"] == {"party_id": "bao-tuoi-tre", "party_name": "Báo Tuổi Trẻ",
                                       "journalist": "B"}
    assert notice.data["details"]["answer_on_press"] is True
    assert notice.data["details"]["links"] == ["https://tuoitre.vn/a"]
