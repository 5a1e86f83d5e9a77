"""The deadline clock on a FakeClock: each ladder stage, office hours, extension, reassignment, restarts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_notifications.domain import deadline_clock as dc
from tests.support.notifications_fakes import Harness, assigned, calendar, envelope, ladder

START = datetime(2026, 11, 2, 9, 0, tzinfo=CITY_ZONE)  # a Monday
DUE = calendar().add_working_days(START, 5)  # 24:00 Monday 9 November
AGENCY = "so-xay-dung"

pytestmark = pytest.mark.asyncio


async def started(harness: Harness, inquiry: str = "inq-1") -> None:
    await harness.escalator().on_event(envelope(assigned(inquiry, AGENCY, START, DUE), inquiry, "ev-1"))


async def stages_at(harness: Harness, moment: datetime) -> list[str]:
    harness.clock.set(moment)
    before = len(harness.notices())
    await harness.escalator().tick()
    return [n.stage for n in harness.notices()[before:]]


async def test_each_press_request_stage_fires_once_at_its_moment() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    expected = [
        (datetime(2026, 11, 5, 8, 15, tzinfo=CITY_ZONE), "reminder_half"),  # half of 46.5 office hours
        (datetime(2026, 11, 9, 7, 30, tzinfo=CITY_ZONE), "reminder_day_before"),  # Fri 24:00, held to Mon
        (datetime(2026, 11, 10, 7, 30, tzinfo=CITY_ZONE), "overdue"),  # Mon 24:00, held to Tue
        (datetime(2026, 11, 17, 15, 30, tzinfo=CITY_ZONE), "long_overdue"),  # 93 office hours
    ]
    for moment, stage in expected:
        assert await stages_at(harness, moment - timedelta(seconds=1)) == []
        assert await stages_at(harness, moment) == [stage]
        assert await stages_at(harness, moment + timedelta(hours=1)) == []


async def test_stages_go_to_their_roles_agencies() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    await stages_at(harness, datetime(2026, 12, 31, 9, tzinfo=CITY_ZONE))
    by_stage = {n.stage: list(n.recipients) for n in harness.notices()}
    assert by_stage["reminder_half"] == [AGENCY]
    # head → the agency; supervisor → Văn phòng UBND TP; coordinator → Sở VH&TT.
    assert by_stage["long_overdue"] == [AGENCY, "van-phong-ubnd-tp", "so-van-hoa-the-thao"]
    types = {n.stage: n.event_type for n in harness.notices()}
    assert types == {"reminder_half": "inquiry.reminder", "reminder_day_before": "inquiry.reminder",
                     "overdue": "inquiry.overdue", "long_overdue": "inquiry.escalated"}


async def test_stages_missed_while_down_are_all_sent_in_order_on_return() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    assert await stages_at(harness, datetime(2026, 11, 20, 9, tzinfo=CITY_ZONE)) == [
        "reminder_half", "reminder_day_before", "overdue", "long_overdue"]
    assert await stages_at(harness, datetime(2026, 11, 21, 9, tzinfo=CITY_ZONE)) == []


async def test_non_urgent_stages_wait_for_office_hours() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    await stages_at(harness, datetime(2026, 11, 9, 8, tzinfo=CITY_ZONE))  # the two reminders
    # the due time passed at night: nothing until office hours
    assert await stages_at(harness, datetime(2026, 11, 10, 0, 1, tzinfo=CITY_ZONE)) == []
    assert await stages_at(harness, datetime(2026, 11, 10, 7, 29, tzinfo=CITY_ZONE)) == []
    assert await stages_at(harness, datetime(2026, 11, 10, 7, 30, tzinfo=CITY_ZONE)) == ["overdue"]


async def test_urgent_media_alert_stages_go_at_night_on_an_hour_scale() -> None:
    saturday_evening = datetime(2026, 11, 7, 20, 0, tzinfo=CITY_ZONE)
    harness = Harness(FakeClock(saturday_evening))
    event = assigned("alert-1", AGENCY, saturday_evening, saturday_evening + timedelta(hours=24),
                     kind=common_pb2.INQUIRY_KIND_MEDIA_ALERT)
    await harness.escalator().on_event(envelope(event, "alert-1"))
    assert await stages_at(harness, saturday_evening + timedelta(hours=6)) == ["reminder_quarter"]
    assert await stages_at(harness, saturday_evening + timedelta(hours=20)) == ["reminder_hours_before"]
    assert await stages_at(harness, saturday_evening + timedelta(hours=24)) == ["overdue"]
    assert await stages_at(harness, saturday_evening + timedelta(hours=48)) == ["long_overdue"]
    assert all(n.urgent for n in harness.notices())


async def test_an_extension_moves_the_due_time_and_rearms_later_stages() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    assert await stages_at(harness, datetime(2026, 11, 9, 8, tzinfo=CITY_ZONE)) == [
        "reminder_half", "reminder_day_before"]
    new_due = calendar().add_working_days(DUE, 5)  # 24:00 Monday 16 November
    extended = events_pb2.DeadlineExtended(
        inquiry_id="inq-1", agency_id=AGENCY,
        extended_time=to_timestamp(datetime(2026, 11, 9, 10, tzinfo=CITY_ZONE)),
        previous_due_time=to_timestamp(DUE), deadline=common_pb2.Deadline(due_time=to_timestamp(new_due)))
    await harness.escalator().on_event(envelope(extended, "inq-1"))
    # Every stage still ahead under the new due time is armed again, with a new notice id:
    # half of the new 86.5 office hours falls at 13:45 the same Monday.
    assert await stages_at(harness, datetime(2026, 11, 9, 13, 44, tzinfo=CITY_ZONE)) == []
    assert await stages_at(harness, datetime(2026, 11, 9, 13, 45, tzinfo=CITY_ZONE)) == ["reminder_half"]
    assert await stages_at(harness, datetime(2026, 11, 10, 7, 30, tzinfo=CITY_ZONE)) == []  # overdue moved
    assert await stages_at(harness, datetime(2026, 11, 16, 7, 30, tzinfo=CITY_ZONE)) == [
        "reminder_day_before"]
    assert await stages_at(harness, datetime(2026, 11, 17, 7, 30, tzinfo=CITY_ZONE)) == ["overdue"]
    day_before = [n for n in harness.notices() if n.stage == "reminder_day_before"]
    assert day_before[0].notice_id != day_before[1].notice_id  # a new notice, for a new due time


async def test_a_reassignment_restarts_the_ladder_for_the_new_agency() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    await stages_at(harness, datetime(2026, 11, 5, 9, tzinfo=CITY_ZONE))
    moved_at = datetime(2026, 11, 5, 10, tzinfo=CITY_ZONE)
    again = assigned("inq-1", "so-y-te", moved_at, calendar().add_working_days(moved_at, 5))
    await harness.escalator().on_event(envelope(again, "inq-1", "ev-2"))
    # Half of the new 45.5 office hours: Tuesday 08:45; the old agency's stages are gone.
    assert await stages_at(harness, datetime(2026, 11, 10, 8, 44, tzinfo=CITY_ZONE)) == []
    assert await stages_at(harness, datetime(2026, 11, 10, 8, 45, tzinfo=CITY_ZONE)) == ["reminder_half"]
    assert [n.agency_id for n in harness.notices()] == [AGENCY, "so-y-te"]
    # The same assignment delivered twice (a replay) changes nothing.
    await harness.escalator().on_event(envelope(again, "inq-1", "ev-2"))
    assert await stages_at(harness, datetime(2026, 11, 10, 9, tzinfo=CITY_ZONE)) == []


@pytest.mark.parametrize("stop", [
    events_pb2.InquiryAnswered(inquiry_id="inq-1", agency_id=AGENCY),
    events_pb2.InquiryAnswered(inquiry_id="inq-1", agency_id=AGENCY, refused=True),
    events_pb2.InquiryClosed(inquiry_id="inq-1")])
async def test_an_answer_refusal_or_closing_stops_the_clock(stop: object) -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    await harness.escalator().on_event(envelope(stop, "inq-1"))  # type: ignore[arg-type]
    assert harness.clocks.get("inq-1") is None
    assert await stages_at(harness, datetime(2026, 12, 31, 9, tzinfo=CITY_ZONE)) == []


async def test_a_stage_resent_after_a_crash_repeats_its_notice_and_webhook_ids() -> None:
    harness = Harness(FakeClock(START))
    await started(harness)
    clock_before = harness.clocks.get("inq-1")
    assert clock_before is not None
    await stages_at(harness, datetime(2026, 11, 5, 9, tzinfo=CITY_ZONE))
    first_ids = {k for k, _ in harness.deliveries.items()}
    harness.clocks.put("inq-1", clock_before)  # the crash lost "stage sent", not the queued webhooks
    await stages_at(harness, datetime(2026, 11, 5, 9, 1, tzinfo=CITY_ZONE))
    [first, second] = harness.notices()
    assert first.notice_id == second.notice_id
    assert {k for k, _ in harness.deliveries.items()} == first_ids


async def test_a_stage_before_the_assignment_is_skipped() -> None:
    start = datetime(2026, 11, 2, 14, 0, tzinfo=CITY_ZONE)
    clock = dc.DeadlineClock(inquiry_id="i", agency_id=AGENCY,
                             inquiry_kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST,
                             started_time=to_timestamp(start),
                             due_time=to_timestamp(start + timedelta(hours=3)), assigned_event_id="e")
    stages = [s.stage.id for s in dc.schedule(clock, ladder(), calendar())]
    assert "reminder_day_before" not in stages and "overdue" in stages
