"""Submitters hear back (issue 18): the words in Vietnamese and English, one message per change and
channel whatever is replayed, nothing after unsubscribing, retries, and addresses forgotten."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.submitter_notices_pb2 import SubmitterContact, SubmitterMessage, SubmitterOptOut
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.redaction import redact
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.domain.submitter_changes import Change
from citycomm_notifications.domain.submitter_optout import BadToken, OptOutKeys
from citycomm_notifications.domain.submitter_rendering import render
from citycomm_notifications.entrypoints.submitter_operator import submitter_operator_router
from citycomm_notifications.entrypoints.submitter_unsubscribe import unsubscribe_router
from citycomm_notifications.service_layer.ports import Gathered
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices, SubmitterStores
from tests.support.notifications_fakes import MemoryStore, envelope

START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # 05/12/2026 03:00 in Ho Chi Minh City
EMAIL, PHONE = "an.nguyen@example.vn", "0912345678"


class RecordingChannel:
    """A channel that answers with the statuses it is given (then 250) and keeps what it sent."""

    def __init__(self, name: str, statuses: tuple[int, ...] = ()) -> None:
        self.name, self.statuses, self.sent = name, list(statuses), list[SubmitterMessage]()

    async def send(self, message: SubmitterMessage) -> Attempt:
        status = self.statuses.pop(0) if self.statuses else 250
        if 200 <= status < 300:
            copy = SubmitterMessage()
            copy.CopyFrom(message)
            self.sent.append(copy)
        return Attempt(status, 1.0, error="" if status < 300 else f"HTTP {status}")

    async def close(self) -> None:
        return None


class World:
    def __init__(self, **statuses: tuple[int, ...]) -> None:
        self.clock = FakeClock(START)
        self.stores = SubmitterStores(MemoryStore(SubmitterContact), MemoryStore(SubmitterMessage),
                                      MemoryStore(SubmitterOptOut))
        self.channels = {name: RecordingChannel(name, statuses.get(name, ()))
                         for name in ("email", "sms", "zalo")}
        self.keys = OptOutKeys("a-test-key-of-enough-length")
        self.notices = SubmitterNotices(
            self.stores, self.channels, keys=self.keys, clock=self.clock, retry=RetryPolicy((0, 5, 60), 0.0),
            home=lambda _: "0", public_url="http://notify.test", retention=timedelta(days=30),
            rng=random.Random(1))

    def sent(self, channel: str = "email") -> list[SubmitterMessage]:
        return self.channels[channel].sent


def submitted(email: str = EMAIL, phone: str = "", language: str = "") -> events_pb2.InquirySubmitted:
    return events_pb2.InquirySubmitted(
        inquiry_id="inq-1", tracking_code="HCM-2612-0001", title="Đèn đường hỏng",
        contact=common_pb2.Contact(name="Nguyễn An", email=email, phone=phone, language=language))


def first_assignment() -> events_pb2.InquiryAssigned:
    return events_pb2.InquiryAssigned(
        inquiry_id="inq-1", agency_id="q1", tracking_code="HCM-2612-0001", title="Đèn đường hỏng",
        deadline=common_pb2.Deadline(policy_id="p", due_time=to_timestamp(DUE)),
        assigned_time=to_timestamp(START))


def answered(text: str = "Đèn đã được thay ngày 02/12.") -> events_pb2.InquiryAnswered:
    return events_pb2.InquiryAnswered(inquiry_id="inq-1", agency_id="q1", answer=text,
                                      answered_time=to_timestamp(START + timedelta(days=1)))


async def received(world: World, **contact: str) -> None:
    await world.notices.on_event(envelope(submitted(**contact), "inq-1", "e-submitted"))
    await world.notices.on_event(envelope(first_assignment(), "inq-1", "e-assigned"))
    await world.notices.send_due()


def test_the_words_in_vietnamese_and_english() -> None:
    change = Change("received", "e1", "HCM-2612-0001", "Đèn <hỏng>", DUE)
    vi, en = render(change, "vi", "http://u/t"), render(change, "en", "http://u/t")
    assert vi.subject == "Đã tiếp nhận phản ánh HCM-2612-0001"
    assert "Mã tra cứu: HCM-2612-0001" in vi.text and "Hạn trả lời: 05/12/2026" in vi.text
    assert "Tracking code: HCM-2612-0001" in en.text and "answer by 05/12/2026" in en.text
    assert "Đèn &lt;hỏng&gt;" in vi.html and "<hỏng>" not in vi.html  # what people wrote is escaped
    assert 'href="http://u/t"' in vi.html and "http://u/t" in vi.text and "http://u/t" in vi.sms
    assert vi.zns == {"tracking_code": "HCM-2612-0001", "status": "received", "due_date": "05/12/2026",
                      "title": "Đèn <hỏng>", "answer": ""}


async def test_received_then_answered_once_each_whatever_is_replayed() -> None:
    world = World()
    await received(world)
    await world.notices.on_event(envelope(first_assignment(), "inq-1", "e-assigned"))  # redelivered
    await world.notices.on_event(envelope(answered(), "inq-1", "e-answered"))
    await world.notices.on_event(envelope(answered(), "inq-1", "e-answered"))
    await world.notices.send_due()
    await world.notices.send_due()
    mails = world.sent()
    assert [m.change for m in mails] == ["received", "answered"]
    assert mails[0].address == EMAIL and "HCM-2612-0001" in mails[0].text and "05/12/2026" in mails[0].text
    assert "Đèn đã được thay ngày 02/12." in mails[1].text and "Đèn đã được thay" in mails[1].html
    assert world.sent("sms") == [] and world.sent("zalo") == []  # no phone was given
    # settled records keep no address and no words
    assert all(m.address == "" and m.text == "" for _, m in world.stores.messages.items())


async def test_english_on_request_and_a_phone_gets_sms_and_zalo() -> None:
    world = World()
    await received(world, email="", phone=PHONE, language="en")
    assert [m.text.startswith("Your submission") for m in world.sent("sms")] == [True]
    assert [m.template_data["tracking_code"] for m in world.sent("zalo")] == ["HCM-2612-0001"]
    assert world.sent() == []


async def test_no_address_no_records() -> None:
    world = World()
    await received(world, email="")
    assert list(world.stores.contacts.items()) == [] and list(world.stores.messages.items()) == []


async def test_nothing_after_unsubscribe_and_the_link_is_signed() -> None:
    world = World()
    await received(world)
    token = world.sent()[0].unsubscribe_url.rsplit("/", 1)[1]
    with pytest.raises(BadToken):
        world.notices.unsubscribe(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(BadToken):
        OptOutKeys("another-key-of-enough-length").read(token)
    world.notices.unsubscribe(token)
    world.notices.unsubscribe(token)  # twice is once
    await world.notices.on_event(envelope(answered(), "inq-1", "e-answered"))
    await world.notices.send_due()
    assert [m.change for m in world.sent()] == ["received"]
    states = sorted(m.delivery_state for _, m in world.stores.messages.items())
    assert states == ["delivered", "suppressed"]
    assert EMAIL not in str([o for _, o in world.stores.optouts.items()])  # only a digest is kept


async def test_a_failed_send_is_retried_on_the_schedule_then_dead() -> None:
    world = World(email=(503, 503), sms=(503, 503, 503, 503))
    await received(world, phone=PHONE)
    assert world.sent() == [] and world.sent("sms") == []
    world.clock.advance(timedelta(seconds=5))
    await world.notices.send_due()  # second failure: next try after 60 s
    assert world.sent() == []
    world.clock.advance(timedelta(seconds=60))
    await world.notices.send_due()
    assert [m.change for m in world.sent()] == ["received"]
    states = {m.channel: m.delivery_state for _, m in world.stores.messages.items()}
    assert states["sms"] == "dead" and states["zalo"] == "delivered"


async def test_a_refused_address_is_dead_at_once_and_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    world = World(email=(400,))
    await received(world)
    [(_, message)] = world.stores.messages.items()
    assert message.delivery_state == "dead" and message.attempts == 1
    assert EMAIL not in caplog.text and "dead" in caplog.text


async def test_overdue_once_and_addresses_forgotten_after_the_retention() -> None:
    world = World()
    await received(world)
    world.clock.set(DUE + timedelta(minutes=1))
    await world.notices.tick()
    await world.notices.tick()
    await world.notices.send_due()
    assert [m.change for m in world.sent()] == ["received", "overdue"]
    assert "05/12/2026" in world.sent()[1].text
    await world.notices.on_event(envelope(answered(), "inq-1", "e-answered"))
    world.clock.set(START + timedelta(days=1 + 29))
    await world.notices.tick()
    assert world.stores.contacts.get("inq-1") is not None
    world.clock.set(START + timedelta(days=1 + 30))
    await world.notices.tick()
    assert list(world.stores.contacts.items()) == [] and list(world.stores.messages.items()) == []


async def test_the_unsubscribe_page_is_public_bounded_and_in_vietnamese() -> None:
    world = World()
    await received(world)
    url = world.sent()[0].unsubscribe_url
    path = url.removeprefix("http://notify.test")
    api = FastAPI()
    api.include_router(unsubscribe_router(world.notices, per_minute=3))
    client = TestClient(api)
    shown = client.get(path)
    assert shown.status_code == 200 and "Ngừng nhận thông báo" in shown.text and "<form" in shown.text
    assert list(world.stores.optouts.items()) == []  # showing the page stops nothing (mail scanners)
    done = client.post(path, content=b"List-Unsubscribe=One-Click")
    assert done.status_code == 200 and "Đã ngừng nhận thông báo" in done.text
    assert len(list(world.stores.optouts.items())) == 1
    assert client.post(path[:-3] + "xyz").status_code == 400
    assert client.get("/v1/unsubscribe/short").status_code == 422
    limited = client.get(path)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"


async def test_operators_list_a_dead_message_without_the_address_and_send_it_again() -> None:
    world = World(email=(400,))
    await received(world)
    api = FastAPI()
    api.include_router(submitter_operator_router(world.notices, "operator-token-of-the-test"))
    client = TestClient(api)
    assert client.get("/v1/operator/submitter-messages/dead").status_code == 401
    auth = {"Authorization": "Bearer operator-token-of-the-test"}
    [dead] = client.get("/v1/operator/submitter-messages/dead", headers=auth).json()
    assert dead["channel"] == "email" and dead["change"] == "received" and EMAIL not in str(dead)
    assert client.post("/v1/operator/submitter-messages/nope/replay", headers=auth).status_code == 404
    replayed = client.post(f"/v1/operator/submitter-messages/{dead['message_id']}/replay", headers=auth)
    assert replayed.status_code == 200 and replayed.json()["state"] == "pending"
    await world.notices.send_due()
    assert [m.change for m in world.sent()] == ["received"]
    assert client.get("/v1/operator/submitter-messages/dead", headers=auth).json() == []


async def test_operators_see_and_replay_every_workers_dead_messages() -> None:
    """Each worker holds its partitions' messages: the list is every worker's, a replay finds the
    worker that holds the message, and an unreachable worker is named rather than hidden."""
    here, there = World(email=(400,)), World(email=(400,))
    await received(here)
    theirs_submitted, theirs_assigned = submitted(), first_assignment()
    theirs_submitted.inquiry_id = theirs_assigned.inquiry_id = "inq-2"
    await there.notices.on_event(envelope(theirs_submitted, "inq-2", "e2-submitted"))
    await there.notices.on_event(envelope(theirs_assigned, "inq-2", "e2-assigned"))
    await there.notices.send_due()
    asked: list[tuple[str, str]] = []

    async def ask_others(method: str, path: str) -> Gathered:  # the other worker, asked with local=true
        asked.append((method, path))
        peer = FastAPI()
        peer.include_router(submitter_operator_router(there.notices, "t"))
        answer = TestClient(peer).request(method, path, params={"local": "true"},
                                          headers={"Authorization": "Bearer t"})
        return Gathered(answers=[answer.json()] if answer.status_code == 200 else [],
                        not_found=int(answer.status_code == 404), missing=["worker-3"])

    api = FastAPI()
    api.include_router(submitter_operator_router(here.notices, "t", ask_others))
    client, auth = TestClient(api), {"Authorization": "Bearer t"}
    listed = client.get("/v1/operator/submitter-messages/dead", headers=auth)
    assert sorted(m["inquiry_id"] for m in listed.json()) == ["inq-1", "inq-2"]
    assert listed.headers["citycomm-unreached-workers"] == "worker-3"
    alone = client.get("/v1/operator/submitter-messages/dead", params={"local": "true"}, headers=auth)
    assert [m["inquiry_id"] for m in alone.json()] == ["inq-1"] and len(asked) == 1
    [theirs] = [m for m in listed.json() if m["inquiry_id"] == "inq-2"]
    replayed = client.post(f"/v1/operator/submitter-messages/{theirs['message_id']}/replay", headers=auth)
    assert replayed.status_code == 200 and replayed.json()["state"] == "pending"
    assert [m.inquiry_id for m in there.notices.dead()] == []  # replayed where it lives
    missing = client.post("/v1/operator/submitter-messages/nope/replay", headers=auth)
    assert missing.status_code == 404 and missing.headers["citycomm-unreached-workers"] == "worker-3"


def test_the_log_formatter_masks_addresses_and_unsubscribe_tokens() -> None:
    line = redact(f"mail to {EMAIL} refused; GET /v1/unsubscribe/eyJkIjoiYWJjIn0.Xy-Z_1 HTTP/1.1")
    assert line == "mail to ***@example.vn refused; GET /v1/unsubscribe/*** HTTP/1.1"


async def test_the_lead_agencys_assignment_is_enough_to_know_the_address() -> None:
    world = World()
    assignment = first_assignment()
    assignment.contact.email = EMAIL
    await world.notices.on_event(envelope(assignment, "inq-1", "e-assigned"))
    await world.notices.send_due()
    assert [(m.change, m.address) for m in world.sent()] == [("received", EMAIL)]
