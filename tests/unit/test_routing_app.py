"""Routing's faust app in process (agent.test_context, memory store): commands in, the inquiry
table written once, events out with their ids, a redelivery re-sent, a stray record dead-lettered."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import parse, to_timestamp
from citycomm_routing import app as routing_app
from tests.support import routing_fakes

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


class Outbox:
    """What the agent sends to inquiry.events and to the dead-letter topic."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, Message]] = []  # (subject, event id, event)
        self.dead_letters: list[str] = []

    async def send_serialized(self, topic: Any, payload: bytes, type_name: str, *, source: str,
                              subject: str, event_id: str) -> asyncio.Future[None]:
        self.events.append((subject, event_id, parse(codec.MESSAGE_TYPES[type_name], payload)))
        acknowledged: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        acknowledged.set_result(None)
        return acknowledged

    async def dead_letter(self, app: Any, event: Any, reason: str) -> None:
        self.dead_letters.append(reason)


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Outbox:
    box = Outbox()
    monkeypatch.setattr(routing_app, "send_serialized", box.send_serialized)
    monkeypatch.setattr(routing_app, "dead_letter", box.dead_letter)
    return box


def record(message: Message) -> codec.Record:
    return codec.encode(message, source="/tests", subject="inq-1")


async def test_the_agent_handles_commands_through_the_service_layer(outbox: Outbox,
                                                                   tmp_path: Path) -> None:
    container = routing_fakes.container(routing_fakes.settings(data_dir=tmp_path),
                                        clock=FakeClock(NOW))
    container.directory._loaded.set()  # as if directory.agencies had been read: it was empty
    app = routing_app.create_app(container)
    submission = record(commands_pb2.SubmitInquiry(
        command_id="c-1", inquiry_id="inq-1", tracking_code="AAAA-BBBB-CCCC",
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, received_time=to_timestamp(NOW),
        category="noise", ward_code="26740", title="Karaoke", description="ồn ào"))
    stray = record(events_pb2.InquiryClosed(inquiry_id="inq-1"))
    async with app.agents["routing-commands"].test_context() as agent:
        for sent in (submission, submission, stray):  # the submission redelivered
            await agent.put(key=sent.key, value=sent.value, headers=sent.headers)
    first, again = outbox.events[:2], outbox.events[2:]
    assert [type(e) for _, _, e in first] == [events_pb2.InquirySubmitted, events_pb2.InquiryAssigned]
    assert again == first and {subject for subject, _, _ in first} == {"inq-1"}
    assert list(app.tables["routing-inquiries"].data) == [b"inq-1"]
    assert len(outbox.dead_letters) == 1 and "InquiryClosed" in outbox.dead_letters[0]
