"""The drafting agency is reminded and escalated until it publishes its summary of and response to
a consultation's comments (issue 20, decision 0114): the ladder's `consultation_response` kind, from
the close to the response's due time (office hours), stopped by the published response."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from citycomm.v1 import consultations_pb2 as cpb
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_notifications.domain import deadline_clock as dc
from tests.support.notifications_fakes import Harness, calendar, envelope, ladder
from tests.support.webhook_contract import violations

CLOSES = datetime(2026, 11, 2, 9, 0, tzinfo=CITY_ZONE)  # a Monday
DUE = calendar().add_working_days(CLOSES, 10)
AGENCY = "so-xay-dung"


def opened(due: datetime = DUE) -> cpb.ConsultationOpened:
    draft = cpb.ConsultationDraft(title="Dự thảo quy định về vỉa hè", drafting_agency_id=AGENCY,
                                  opens_time=to_timestamp(CLOSES - timedelta(days=30)),
                                  closes_time=to_timestamp(CLOSES))
    return cpb.ConsultationOpened(consultation_id="c-1", draft=draft, policy_id="consultation-city-2025",
                                  response_due_time=to_timestamp(due))


async def stages_at(harness: Harness, moment: datetime) -> list[str]:
    harness.clock.set(moment)
    before = len(harness.notices())
    await harness.escalator().tick()
    return [n.stage for n in harness.notices()[before:]]


async def test_the_drafting_agency_is_reminded_then_escalated_until_it_responds() -> None:
    harness = Harness(FakeClock(CLOSES - timedelta(days=1)))
    await harness.escalator().on_event(envelope(opened(), "c-1", "ev-1"))
    [(_, clock)] = list(harness.clocks.items())
    assert (clock.ladder_kind, clock.agency_id, clock.inquiry_id) == ("consultation_response", AGENCY, "c-1")
    planned = {d.stage.id: d.fires_at for d in dc.schedule(clock, ladder(), calendar())}
    assert list(planned) == ["reminder_half", "reminder_day_before", "overdue", "long_overdue"]
    assert CLOSES < planned["reminder_half"] < planned["reminder_day_before"] < DUE <= planned["overdue"]
    assert await stages_at(harness, CLOSES + timedelta(hours=1)) == []
    for stage in ("reminder_half", "reminder_day_before", "overdue"):
        assert await stages_at(harness, planned[stage] - timedelta(seconds=1)) == []
        assert await stages_at(harness, planned[stage]) == [stage]
    notice = harness.notices()[-1]
    assert (notice.inquiry_id, notice.event_type) == ("c-1", "inquiry.overdue")
    delivered = [d for _, d in harness.deliveries.items() if d.inquiry_id == "c-1"]
    assert delivered and {d.agency_id for d in delivered} == {AGENCY}
    for delivery in delivered:
        body = json.loads(delivery.body)
        assert body["data"]["inquiry_id"] == "c-1" and body["data"]["title"] == "Dự thảo quy định về vỉa hè"
        assert violations(body) == [], body["type"]

    published = cpb.ConsultationResponsePublished(consultation_id="c-1", drafting_agency_id=AGENCY)
    await harness.escalator().on_event(envelope(published, "c-1", "ev-9"))
    assert list(harness.clocks.items()) == []
    assert await stages_at(harness, DUE + timedelta(days=30)) == []


def test_a_close_moves_the_clock_only_if_the_due_time_changes_and_replays_change_nothing() -> None:
    clock = dc.apply(None, envelope(opened(), "c-1", "ev-1"), ladder(), calendar())
    assert clock is not None and not isinstance(clock, dc.Unchanged)
    assert isinstance(dc.apply(clock, envelope(opened(), "c-1", "ev-1"), ladder(), calendar()), dc.Unchanged)
    same = cpb.ConsultationClosed(consultation_id="c-1", drafting_agency_id=AGENCY,
                                  closed_time=to_timestamp(CLOSES), response_due_time=to_timestamp(DUE))
    assert isinstance(dc.apply(clock, envelope(same, "c-1", "ev-2"), ladder(), calendar()), dc.Unchanged)
    later = calendar().add_working_days(CLOSES + timedelta(days=2), 10)
    moved = cpb.ConsultationClosed(consultation_id="c-1", drafting_agency_id=AGENCY,
                                   closed_time=to_timestamp(CLOSES + timedelta(days=2)),
                                   response_due_time=to_timestamp(later))
    after = dc.apply(clock, envelope(moved, "c-1", "ev-3"), ladder(), calendar())
    assert not isinstance(after, dc.Unchanged) and after is not None
    assert dc.due_at(after) == later and after.title == "Dự thảo quy định về vỉa hè" and after.assignment == 2
