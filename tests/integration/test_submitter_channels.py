"""The submitter channels against real servers (issue 18): e-mail through a real SMTP server
(aiosmtpd, the one `make run` starts), SMS and Zalo ZNS through fake providers over HTTP — each
down at first (503, SMTP 451), and each message still arrives exactly once."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import uvicorn
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request, Response

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.submitter_notices_pb2 import SubmitterContact, SubmitterMessage, SubmitterOptOut
from citycomm_common.clock import SystemClock
from citycomm_common.contracts import to_timestamp
from citycomm_dev.broker import free_port
from citycomm_dev.mail_server import DemoMailbox, start_mail_server
from citycomm_dev.polling import async_wait_for, wait_for
from citycomm_notifications.adapters.mail_channel import MailChannel
from citycomm_notifications.adapters.sms_channel import SmsChannel
from citycomm_notifications.adapters.zalo_channel import ZaloChannel
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.domain.submitter_optout import OptOutKeys
from citycomm_notifications.service_layer.submitter_channels import Channel
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices, SubmitterStores
from tests.support.notifications_fakes import MemoryStore, envelope

TOKEN, API_KEY = "zns-access-token", "sms-api-key"


@dataclass
class Provider:
    """A provider that is down for its first `outage` requests, then takes every message."""

    outage: int = 1
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self, path: str, ok: dict[str, Any]) -> FastAPI:
        api = FastAPI()

        @api.post(path)
        async def send(request: Request) -> Response:
            entry = {"headers": dict(request.headers), "json": await request.json()}
            with self.lock:
                self.requests.append(entry)
                down = len(self.requests) <= self.outage
            entry["status"] = 503 if down else 200
            if down:
                return Response(status_code=503)
            return Response(json.dumps(ok), media_type="application/json")

        return api

    def taken(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["status"] == 200]


class BusyFirst(DemoMailbox):
    """The SMTP server answers 451 (try again later) to the first message."""

    def __init__(self) -> None:
        super().__init__()
        self.refused = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refused == 0:
            self.refused += 1
            return "451 Requested action aborted: try again later"
        return await super().handle_DATA(server, session, envelope)


def serve(app: FastAPI) -> Iterator[int]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, "the fake provider")
    yield port
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def sms() -> Iterator[tuple[Provider, int]]:
    provider = Provider()
    for port in serve(provider.app("/v1/send", {"code": "100"})):
        yield provider, port


@pytest.fixture
def zns() -> Iterator[tuple[Provider, int]]:
    provider = Provider()
    for port in serve(provider.app("/message/template", {"error": 0, "message": "Success"})):
        yield provider, port


@pytest.fixture
def smtp() -> Iterator[tuple[BusyFirst, int]]:
    box, port = BusyFirst(), free_port()
    controller = start_mail_server(port, box)
    yield box, port
    controller.stop()


def notices(channels: dict[str, Channel]) -> SubmitterNotices:
    stores = SubmitterStores(MemoryStore(SubmitterContact), MemoryStore(SubmitterMessage),
                             MemoryStore(SubmitterOptOut))
    return SubmitterNotices(stores, channels, keys=OptOutKeys("integration-test-key"), clock=SystemClock(),
                            retry=RetryPolicy((0, 0.2, 0.4), 0.0), home=lambda _: "0",
                            public_url="http://127.0.0.1:9/", retention=timedelta(days=1),
                            poll_interval=0.05, rng=random.Random(2))


async def journalist_asks(told: SubmitterNotices, email: str = "", phone: str = "") -> None:
    submitted = events_pb2.InquirySubmitted(
        inquiry_id="inq-9", tracking_code="HCM-2612-0009", title="Tiến độ metro số 2",
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre"),
        contact=common_pb2.Contact(name="Phóng viên B", email=email, phone=phone))
    assigned = events_pb2.InquiryAssigned(
        inquiry_id="inq-9", agency_id="so-xay-dung", tracking_code="HCM-2612-0009",
        title="Tiến độ metro số 2", deadline=common_pb2.Deadline(
            policy_id="p", due_time=to_timestamp(SystemClock().now() + timedelta(days=3))))
    await told.on_event(envelope(submitted, "inq-9", "ev-submitted"))
    await told.on_event(envelope(assigned, "inq-9", "ev-assigned"))
    await told.on_event(envelope(assigned, "inq-9", "ev-assigned"))  # redelivered


async def settled(told: SubmitterNotices) -> list[SubmitterMessage]:
    async def done() -> list[SubmitterMessage] | None:
        await told.send_due()
        records = told.records()
        return records if records and all(m.delivery_state != "pending" for m in records) else None

    return await async_wait_for(done, 15, "every message settled")


async def test_sms_and_zalo_reach_the_providers_once_each_through_an_outage(
        sms: tuple[Provider, int], zns: tuple[Provider, int]) -> None:
    (sms_provider, sms_port), (zns_provider, zns_port) = sms, zns
    channels: dict[str, Channel] = {
        "sms": SmsChannel(f"http://127.0.0.1:{sms_port}/v1/send", API_KEY, "CITYCOMM"),
        "zalo": ZaloChannel(f"http://127.0.0.1:{zns_port}/message/template", TOKEN, {"default": "301234"})}
    told = notices(channels)
    await journalist_asks(told, phone="0912 345 678")
    records = await settled(told)
    states = sorted((m.channel, m.delivery_state) for m in records)
    assert states == [("sms", "delivered"), ("zalo", "delivered")]
    [text] = sms_provider.taken()
    assert len(sms_provider.requests) == 2  # the 503, then the one that was taken
    assert text["json"]["to"] == "84912345678" and "HCM-2612-0009" in text["json"]["content"]
    assert text["headers"]["authorization"] == f"Bearer {API_KEY}"
    [zalo] = zns_provider.taken()
    assert len(zns_provider.requests) == 2
    assert zalo["headers"]["access_token"] == TOKEN
    assert zalo["json"]["phone"] == "84912345678" and zalo["json"]["template_id"] == "301234"
    assert zalo["json"]["template_data"]["tracking_code"] == "HCM-2612-0009"
    for channel in channels.values():
        await channel.close()


async def test_a_mail_reaches_a_real_smtp_server_once_after_it_was_busy(smtp: tuple[BusyFirst, int]) -> None:
    box, port = smtp
    told = notices({"email": MailChannel(host="127.0.0.1", port=port,
                                         sender="CityComm <thongbao@citycomm.local>")})
    await journalist_asks(told, email="phong.vien@example.vn")
    [record] = await settled(told)
    assert record.delivery_state == "delivered" and record.attempts == 2 and box.refused == 1
    [mail] = box.messages()
    assert mail["to"] == ["phong.vien@example.vn"]
    assert mail["subject"] == "Đã tiếp nhận phản ánh HCM-2612-0009"
    assert "Mã tra cứu: HCM-2612-0009" in mail["text"] and "<html" in mail["html"]
    assert mail["list_unsubscribe"].startswith("<http://127.0.0.1:9/v1/unsubscribe/")


class Refusing(DemoMailbox):
    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,  # noqa: N802
                          options: list[str]) -> str:
        return "550 5.1.1 <" + address + ">: no such user"


async def test_a_refused_address_is_dead_at_once_and_a_server_down_is_retried() -> None:
    port = free_port()
    controller = start_mail_server(port, Refusing())
    try:
        channel = MailChannel(host="127.0.0.1", port=port, sender="CityComm <thongbao@citycomm.local>")
        refused = await channel.send(SubmitterMessage(message_id="m1", address="khong.co@example.vn",
                                                      subject="s", text="t", html="<p>t</p>"))
    finally:
        controller.stop()
    assert refused.status_code == 400 and "khong.co" not in refused.error  # the server's text names it
    down = await MailChannel(host="127.0.0.1", port=free_port(), sender="c@citycomm.local", timeout=2).send(
        SubmitterMessage(message_id="m2", address="a@example.vn", subject="s", text="t", html="t"))
    assert down.status_code == 0 and down.error.startswith("SMTP unavailable")
