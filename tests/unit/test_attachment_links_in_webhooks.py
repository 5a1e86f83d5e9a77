"""Webhooks link to attachments: a fresh signed link per attempt, which intake's check accepts
until it expires; routing carries attachments and the place from the submission to the agency."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from citycomm.v1 import attachments_pb2, events_pb2
from citycomm_common import attachment_links
from citycomm_common.clock import FakeClock
from citycomm_notifications.adapters.webhooks import body
from citycomm_notifications.domain.attachment_links import AttachmentLinks
from citycomm_notifications.domain.payloads import payload

SECRET = b"shared-secret"
KEY = "att_" + "ab" * 16


def assigned_body(moment: datetime) -> str:
    event = events_pb2.InquiryAssigned(
        inquiry_id="i1", agency_id="so-xay-dung",
        attachments=[attachments_pb2.Attachment(id=KEY, content_type="image/jpeg", size=10, sha256="f" * 64),
                     attachments_pb2.Attachment(media_url="https://client.example/p.jpg")],
        location=attachments_pb2.GeoPoint(lat=10.7769, long=106.7009))
    return str(body("inquiry.assigned", moment, payload("inquiry.assigned", event)))


def test_each_attempt_gets_a_link_that_intake_accepts_until_it_expires() -> None:
    clock = FakeClock(datetime(2026, 12, 4, 9, tzinfo=UTC))
    links = AttachmentLinks(SECRET, "https://api.example/", timedelta(minutes=60), clock)
    sent = json.loads(links.fill(assigned_body(clock.now())))
    stored, hosted = sent["data"]["attachments"]
    assert sent["data"]["location"] == {"lat": 10.7769, "long": 106.7009}
    assert hosted == {"id": None, "content_type": None, "size": 0, "sha256": None,
                      "media_url": "https://client.example/p.jpg", "link": None}
    url = urlsplit(stored["link"])
    assert (url.scheme, url.netloc, url.path) == ("https", "api.example", f"/v1/attachments/{KEY}")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    expires, signature = int(query["expires"]), query["signature"]
    assert attachment_links.valid(SECRET, KEY, expires, signature, clock.now() + timedelta(minutes=59))
    assert not attachment_links.valid(SECRET, KEY, expires, signature, clock.now() + timedelta(minutes=61))
    assert not attachment_links.valid(b"other", KEY, expires, signature, clock.now())
    clock.advance(timedelta(hours=5))  # a retry hours later: a new link, valid from then
    again = json.loads(links.fill(assigned_body(clock.now())))["data"]["attachments"][0]["link"]
    assert again != stored["link"]


def test_a_body_without_stored_attachments_is_sent_as_it_is() -> None:
    links = AttachmentLinks(SECRET, "https://api.example", timedelta(minutes=5),
                            FakeClock(datetime(2026, 12, 4, tzinfo=UTC)))
    plain = body("ping", datetime(2026, 12, 4, tzinfo=UTC), {"headline": {"vi": "x", "en": "x"}})
    assert links.fill(plain) == plain
    no_attachments = body("inquiry.assigned", datetime(2026, 12, 4, tzinfo=UTC),
                          payload("inquiry.assigned", events_pb2.InquiryAssigned(inquiry_id="i")))
    assert links.fill(no_attachments) == no_attachments


def test_routing_carries_attachments_and_the_place_to_the_agency() -> None:
    from citycomm.v1 import commands_pb2, common_pb2
    from citycomm_common import contracts
    from citycomm_routing.domain.lifecycle.decide import decide
    from tests.support import routing_fakes

    now = datetime(2026, 11, 26, 3, tzinfo=UTC)
    context = routing_fakes.container(clock=FakeClock(now)).context.current()
    photo = attachments_pb2.Attachment(id=KEY, content_type="image/jpeg", size=10, sha256="f" * 64)
    command = commands_pb2.SubmitInquiry(
        command_id="cmd-1", inquiry_id="inq-1", tracking_code="AAAA-BBBB-CCCC",
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, received_time=contracts.to_timestamp(now),
        category="noise", ward_code="26740", title="t", description="d", attachments=[photo],
        location=attachments_pb2.GeoPoint(lat=10.7769, long=106.7009))
    submitted, assigned = (message for _, message in decide(None, command, context).events)
    for event in (submitted, assigned):
        assert list(event.attachments) == [photo]
        assert (event.location.lat, event.location.long) == (10.7769, 106.7009)
    command.ClearField("location")
    _, unplaced = (message for _, message in decide(None, command, context).events)
    assert not unplaced.HasField("location")
