"""The response reaches each citizen who commented with an address (issue 20, decision 0116): the
contact travels from the comment command in routing's event, reporting never keeps it, the drafting
agency's webhook never carries it, and notifications tells each address once per channel (a replay
adds nothing), in Vietnamese or English, never after an opt-out, and forgets the addresses a
retention period after the response."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm.v1.submitter_notices_pb2 import (
    ConsultationCommenters,
    SubmitterContact,
    SubmitterMessage,
    SubmitterOptOut,
)
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_notifications.domain.consultations import consultation_notices
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.domain.submitter_optout import OptOutKeys
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices, SubmitterStores
from citycomm_reporting.domain.facts import fact_from
from tests.support.notifications_fakes import MemoryStore, directory, envelope
from tests.unit import test_intake_consultations
from tests.unit.test_consultation_commands import AGENCY, World, comment, draft
from tests.unit.test_submitter_notices import RecordingChannel

intake = test_intake_consultations.rig  # intake's REST app with in-memory adapters
START = datetime(2026, 3, 30, 3, 0, tzinfo=UTC)
ASKED = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)


def citizen_comment(number: int, email: str = "") -> pb.SubmitConsultationComment:
    sent = comment(number)
    sent.submitted_by.CopyFrom(ASKED)
    sent.contact.CopyFrom(common_pb2.Contact(name="Lê Bình", email=email))
    return sent


def test_routing_carries_the_contact_reporting_drops_it_and_the_agencys_webhook_never_has_it() -> None:
    world = World()
    world.send(pb.OpenConsultation(command_id="o-1", consultation_id="c-1", actor=AGENCY, draft=draft()))
    [(event_id, received)] = world.send(citizen_comment(1, email="binh@example.vn"), "2026-03-10 09:00")
    assert isinstance(received, pb.ConsultationCommentReceived)
    assert received.contact.email == "binh@example.vn"
    [(_, anonymous)] = world.send(comment(2), "2026-03-10 09:05")
    assert not anonymous.HasField("contact")
    assert "binh" not in str(world.state().draft) + str(world.state().commenter_ids)  # nor in the state
    fact = fact_from(received, event_id=event_id, subject="c-1", written_at=START)
    assert "contact" not in fact.data and not fact.message.HasField("contact")
    assert "binh@example.vn" not in repr(fact)
    [notice] = consultation_notices(received, event_id, directory())
    assert notice.agency_id == "so-xay-dung" and notice.data["contact"] is None
    assert "binh@example.vn" not in repr(notice)


def test_rest_takes_the_commenters_contact_into_the_command(intake: test_intake_consultations.Rig) -> None:
    body = {"text": "Phí cao", "contact": {"name": "Lê Bình", "email": "binh@example.vn", "language": "en"}}
    assert intake.post("/c-1/comments", body).status_code == 202
    assert intake.post("/c-1/comments", {"text": "Phí cao"}).status_code == 202
    with_contact, without = intake.publisher.commands
    assert isinstance(with_contact, pb.SubmitConsultationComment)
    assert (with_contact.contact.email, with_contact.contact.language) == ("binh@example.vn", "en")
    assert not without.HasField("contact")
    refused = intake.post("/c-1/comments", {"text": "Phí cao", "contact": {"email": "not-an-address"}})
    assert refused.status_code == 422 and refused.json()["detail_vi"]
    assert len(intake.publisher.commands) == 2


class Notices:
    def __init__(self) -> None:
        self.clock = FakeClock(START)
        self.commenters = MemoryStore(ConsultationCommenters)
        self.stores = SubmitterStores(MemoryStore(SubmitterContact), MemoryStore(SubmitterMessage),
                                      MemoryStore(SubmitterOptOut), commenters=self.commenters)
        self.channels = {name: RecordingChannel(name) for name in ("email", "sms")}
        self.keys = OptOutKeys("a-test-key-of-enough-length")
        self.notices = SubmitterNotices(
            self.stores, self.channels, keys=self.keys, clock=self.clock, retry=RetryPolicy((0, 5, 60), 0.0),
            home=lambda _: "0", public_url="http://notify.test", retention=timedelta(days=30),
            rng=random.Random(1))

    async def event(self, message: object, event_id: str) -> None:
        await self.notices.on_event(envelope(message, "c-1", event_id))  # type: ignore[arg-type]

    def sent(self, channel: str = "email") -> list[SubmitterMessage]:
        return self.channels[channel].sent


def opened() -> pb.ConsultationOpened:
    return pb.ConsultationOpened(consultation_id="c-1", draft=draft())


def received(number: int, email: str = "", phone: str = "",
             language: str = "") -> pb.ConsultationCommentReceived:
    event = pb.ConsultationCommentReceived(consultation_id="c-1", comment_id=f"k-{number}", text="Phí cao",
                                           drafting_agency_id="so-xay-dung")
    if email or phone:
        event.contact.CopyFrom(common_pb2.Contact(email=email, phone=phone, language=language))
    return event


def published() -> pb.ConsultationResponsePublished:
    return pb.ConsultationResponsePublished(
        consultation_id="c-1", drafting_agency_id="so-xay-dung",
        response_url="https://example.org/tiep-thu.pdf", summary="Giảm mức phí 30%.", on_time=True,
        published_time=to_timestamp(START))


async def test_each_commenter_is_told_once_per_channel_whatever_is_replayed() -> None:
    world = Notices()
    await world.event(opened(), "e-open")
    await world.event(received(1, email="binh@example.vn"), "e-1")
    await world.event(received(2, email="Binh@Example.vn"), "e-2")  # the same person, again
    await world.event(received(3, email="an@example.vn", phone="0912345678", language="en"), "e-3")
    await world.event(received(4), "e-4")  # no address: nobody to tell
    await world.event(received(3, email="an@example.vn", phone="0912345678", language="en"), "e-3")
    assert world.sent() == [] and world.sent("sms") == []  # nothing before the response
    await world.event(published(), "e-published")
    await world.notices.send_due()
    await world.event(published(), "e-published")  # redelivered
    await world.event(published(), "e-published-again")  # routing re-sent it under another id
    await world.notices.send_due()
    mails = sorted(world.sent(), key=lambda m: m.address)
    assert [m.address for m in mails] == ["an@example.vn", "binh@example.vn"]
    assert [m.address for m in world.sent("sms")] == ["0912345678"]
    english, vietnamese = mails
    assert vietnamese.change == "consultation_response" and vietnamese.inquiry_id == "c-1"
    assert vietnamese.subject == "Tiếp thu, giải trình ý kiến góp ý dự thảo «Dự thảo quy định về vỉa hè»"
    assert "Cảm ơn bạn đã góp ý dự thảo" in vietnamese.text
    assert "https://example.org/tiep-thu.pdf" in vietnamese.text and "Giảm mức phí 30%." in vietnamese.text
    assert 'href="https://example.org/tiep-thu.pdf"' in vietnamese.html
    assert english.subject == "The response to the comments on the draft «Dự thảo quy định về vỉa hè»"
    assert "Thank you for commenting" in english.text
    [sms] = world.sent("sms")
    assert "https://example.org/tiep-thu.pdf" in sms.text and "http://notify.test/v1/unsubscribe/" in sms.text
    assert len(world.notices.records()) == 3  # one per address and channel, none added by the replays


async def test_an_address_that_opted_out_is_not_told() -> None:
    world = Notices()
    await world.event(received(1, email="binh@example.vn"), "e-1")
    await world.event(received(2, email="an@example.vn"), "e-2")
    world.notices.unsubscribe(world.keys.token("email", "binh@example.vn"))
    await world.event(published(), "e-published")
    await world.notices.send_due()
    assert [m.address for m in world.sent()] == ["an@example.vn"]
    states = sorted(m.delivery_state for m in world.notices.records())
    assert states == ["delivered", "suppressed"]


async def test_addresses_and_messages_are_forgotten_a_retention_period_after_the_response() -> None:
    world = Notices()
    await world.event(received(1, email="binh@example.vn"), "e-1")
    await world.notices.tick()
    assert world.commenters.get("c-1") is not None  # no response yet: kept, to tell them of it
    await world.event(published(), "e-published")
    await world.notices.send_due()
    world.clock.set(START + timedelta(days=29))
    await world.notices.tick()
    assert world.commenters.get("c-1") is not None and world.notices.records()
    world.clock.set(START + timedelta(days=30))
    await world.notices.tick()
    assert world.commenters.get("c-1") is None and world.notices.records() == []


async def test_without_the_commenters_table_nothing_is_kept_or_sent() -> None:
    world = Notices()
    bare = SubmitterNotices(
        SubmitterStores(world.stores.contacts, world.stores.messages, world.stores.optouts), world.channels,
        keys=world.keys, clock=world.clock, retry=RetryPolicy((0,), 0.0), home=lambda _: "0",
        public_url="http://notify.test", retention=timedelta(days=30))
    await bare.on_event(envelope(received(1, email="binh@example.vn"), "c-1", "e-1"))
    await bare.on_event(envelope(published(), "c-1", "e-published"))
    await bare.send_due()
    assert world.sent() == [] and list(world.stores.contacts.items()) == []
