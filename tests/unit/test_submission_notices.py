"""Press agencies and the Press Center hear of their own inquiries' progress (submission.*), and
nobody else does: a citizen's or an agency's submission tells its submitter nothing here."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import DeadlineClock
from citycomm_common.codec import Envelope
from citycomm_common.contracts import to_timestamp
from citycomm_notifications.domain.submissions import overdue_notice, submission_notices
from tests.support.webhook_contract import violations

AT = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
PRESS = common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre")


def clock(submitted_by: common_pb2.Actor = PRESS) -> DeadlineClock:
    return DeadlineClock(inquiry_id="i-1", agency_id="so-xay-dung", tracking_code="TC-1", title="Chống ngập",
                         inquiry_kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST, submitted_by=submitted_by,
                         due_time=to_timestamp(datetime(2026, 12, 20, 16, 59, 59, tzinfo=UTC)))


def envelope(event: object) -> Envelope:
    return Envelope(id="ev-1", type="t", source="citycomm/routing", subject="i-1", time=AT, message=event,
                    headers={})  # type: ignore[arg-type]


def body(notice_type: str, data: dict[str, object]) -> dict[str, object]:
    return {"type": notice_type, "timestamp": "2026-12-04T09:00:00+07:00", "data": data}


def test_the_press_agency_hears_acknowledged_answered_extended_and_transferred() -> None:
    steps = [
        events_pb2.InquiryAcknowledged(inquiry_id="i-1", agency_id="so-xay-dung", note="Đã nhận",
                                       acknowledged_time=to_timestamp(AT)),
        events_pb2.InquiryAnswered(inquiry_id="i-1", agency_id="so-xay-dung", answer="Quý 2/2027.",
                                   links=["https://a.vn/1"], on_time=True, answered_time=to_timestamp(AT)),
        events_pb2.DeadlineExtended(inquiry_id="i-1", agency_id="so-xay-dung", reason="Cần số liệu",
                                    extended_time=to_timestamp(AT)),
        events_pb2.InquiryAssigned(inquiry_id="i-1", agency_id="so-tu-phap", previous_agency_id="so-xay-dung",
                                   submitted_by=PRESS, reason="chuyển", assigned_time=to_timestamp(AT)),
    ]
    found = [n for step in steps for n in submission_notices(envelope(step), clock())]
    assert [(n.type, n.agency_id) for n in found] == [
        ("submission.acknowledged", "bao-tuoi-tre"), ("submission.answered", "bao-tuoi-tre"),
        ("submission.deadline_extended", "bao-tuoi-tre"), ("submission.transferred", "bao-tuoi-tre")]
    answered = found[1].data
    assert (answered["answer"], answered["links"], answered["on_time"]) == (
        "Quý 2/2027.", ["https://a.vn/1"], True)
    assert answered["happened_at"] == "2026-12-04T09:00:00+07:00" and answered["tracking_code"] == "TC-1"
    assert found[3].data["previous_agency_id"] == "so-xay-dung"
    for notice in found:
        assert violations(body(notice.type, notice.data)) == [], notice.type


def test_citizens_and_agencies_are_not_told_and_a_first_assignment_is_no_transfer() -> None:
    answered = events_pb2.InquiryAnswered(inquiry_id="i-1", agency_id="so-xay-dung", answer="x")
    citizen = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)
    assert submission_notices(envelope(answered), clock(citizen)) == []
    assert submission_notices(envelope(answered), None) == []
    first = events_pb2.InquiryAssigned(inquiry_id="i-1", agency_id="so-xay-dung", submitted_by=PRESS)
    assert submission_notices(envelope(first), None) == []


def test_the_overdue_stage_tells_the_submitter_only_once_overdue() -> None:
    [late] = overdue_notice(clock(), "overdue", "n-1", to_timestamp(AT))
    assert (late.type, late.agency_id, late.source_id) == ("submission.overdue", "bao-tuoi-tre", "n-1")
    assert violations(body(late.type, late.data)) == []
    assert overdue_notice(clock(), "reminder_half", "n-2", to_timestamp(AT)) == []
