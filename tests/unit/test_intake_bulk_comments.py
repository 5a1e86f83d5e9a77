"""gRPC BulkComment (issue 20, decision 0115) on a real server with in-memory adapters: the Press
Center sends a briefing's comments on consultations; each is recorded as REST's comment is (same
command, audience by the key), answered with its own result, a comment on a closed consultation
refused with routing's code and both reasons, bounded in count and size, none dropped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import grpc
import pytest

from citycomm.v1 import common_pb2, intake_pb2, reporting_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_intake.domain.principals import Role
from tests.unit import test_intake_grpc
from tests.unit.test_intake_grpc import Rig

rig = test_intake_grpc.rig  # the gRPC server with in-memory adapters, at most 5 items per stream

Comment = intake_pb2.ConsultationComment
CLOSED = ("Đợt lấy ý kiến «Vỉa hè» đã kết thúc lúc 23:59 23/03/2026; không nhận góp ý. / The "
          "consultation «Vỉa hè» closed at 2026-03-23 23:59 (UTC+7); no more comments accepted."
          " (code: closed)")


def comment(n: int, consultation: str = "c-open", **fields: object) -> intake_pb2.ConsultationComment:
    sent = Comment(idempotency_key=f"gy-{n}", consultation_id=consultation, text=f"Góp ý {n}",
                   article="Điều 5", theme="phí")
    for name, value in fields.items():
        if name == "contact":
            sent.contact.CopyFrom(value)  # type: ignore[arg-type]
        else:
            setattr(sent, name, value)
    return sent


@contextlib.asynccontextmanager
async def routing(rig: Rig) -> AsyncIterator[None]:
    """Plays routing and reporting: a comment on c-closed is refused as routing refuses it, any
    other accepted."""

    async def decide() -> None:
        while True:
            for command in rig.publisher.commands:
                assert isinstance(command, pb.SubmitConsultationComment)
                refused = command.consultation_id == "c-closed"
                rig.reporting.outcomes[command.command_id] = reporting_pb2.CommandOutcome(
                    command_id=command.command_id, inquiry_id=command.consultation_id,
                    outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED if refused
                    else common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED,
                    reason=CLOSED if refused else "",
                    event_type="citycomm.v1.ConsultationCommandRefused" if refused
                    else "citycomm.v1.ConsultationCommentReceived")
            await asyncio.sleep(0.05)

    task = asyncio.create_task(decide())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_each_comment_gets_its_own_result_and_a_closed_consultation_is_refused_saying_why(
        rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "press-center")
    citizen = common_pb2.Contact(email="ban.doc@example.vn", language="en")
    items = [comment(0, wait_seconds=5), comment(1, contact=citizen, wait_seconds=5),
             comment(2, "c-closed", wait_seconds=5)]
    async with routing(rig):
        response = await rig.stub.BulkComment(iter(items), metadata=center)
    assert (response.received, response.accepted, response.failed) == (3, 2, 1)
    assert [(r.index, r.state, r.consultation_id) for r in response.results] == [
        (0, "accepted", "c-open"), (1, "accepted", "c-open"), (2, "refused", "c-closed")]
    refused = response.results[2]
    assert (refused.error_code, refused.status) == ("closed", 409)
    assert refused.error_vi.startswith("Đợt lấy ý kiến «Vỉa hè» đã kết thúc")
    assert refused.error.endswith("no more comments accepted.") and refused.command_id
    commands = rig.publisher.commands
    assert all(isinstance(c, pb.SubmitConsultationComment) for c in commands) and len(commands) == 3
    by_key = {c.command_id: c for c in commands}  # type: ignore[attr-defined]
    first = by_key[response.results[0].command_id]
    assert isinstance(first, pb.SubmitConsultationComment)
    assert (first.audience, first.channel, first.article, first.theme, first.text) == (
        pb.CONSULTATION_AUDIENCE_PRESS, "grpc", "Điều 5", "phí", "Góp ý 0")
    assert first.submitted_by == common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="press-center")
    assert first.comment_id == response.results[0].comment_id and not first.HasField("contact")
    second = by_key[response.results[1].command_id]
    assert isinstance(second, pb.SubmitConsultationComment)
    assert (second.contact.email, second.contact.language) == ("ban.doc@example.vn", "en")


async def test_without_waiting_each_is_recorded_and_a_resent_key_is_the_same_comment(
        rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "press-center")
    first = await rig.stub.BulkComment(iter([comment(0), comment(1)]), metadata=center)
    again = await rig.stub.BulkComment(iter([comment(1)]), metadata=center)
    assert [r.state for r in first.results] == ["recorded", "recorded"]
    assert again.results[0].command_id == first.results[1].command_id  # the same comment, never a second


async def test_bad_items_fail_alone_with_field_violations_and_nothing_recorded_for_them(
        rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "press-center")
    items = [comment(0, idempotency_key=""), comment(1, consultation_id=""),
             comment(2, consultation_id="c/../x"), comment(3, text="x" * 5001),
             comment(4, contact=common_pb2.Contact(email="not-an-address"))]  # the rig's limit: 5
    response = await rig.stub.BulkComment(iter(items), metadata=center)
    assert [r.state for r in response.results] == ["failed"] * 5
    assert [r.error_code for r in response.results] == ["invalid"] * 5
    assert [r.violations[0].field for r in response.results][:3] == [
        "idempotency_key", "consultation_id", "consultation_id"]
    assert all(r.status == 422 and r.error_vi and not r.command_id for r in response.results)
    assert response.results[3].violations[0].field.endswith("text")
    assert "email" in response.results[4].violations[0].field
    assert rig.publisher.commands == []


async def test_items_over_the_limit_are_not_read_and_said_so(rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "press-center")  # the rig allows 5 items per stream
    response = await rig.stub.BulkComment(iter([comment(n) for n in range(8)]), metadata=center)
    assert response.received == 6 and response.accepted == 5 and response.failed == 1
    over = response.results[5]
    assert (over.index, over.error_code, over.status) == (5, "too_many_items", 413)
    assert over.idempotency_key == "gy-5"
    assert over.error_vi.startswith("Tối đa 5 mục") and len(rig.publisher.commands) == 5


async def test_bulk_comments_need_an_api_key(rig: Rig) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await rig.stub.BulkComment(iter([comment(0)]))
    assert raised.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert rig.publisher.commands == []
