"""The planner keeps each clock's stage moments: same answers as working them out, once per clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from citycomm.v1 import common_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE, enum_value
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain import escalation_ladder as ladder_module
from tests.support.notifications_fakes import calendar, ladder

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=CITY_ZONE)
KINDS = ("press_request", "briefing_question", "information_request", "citizen_feedback", "media_alert")


def clock(kind: str, start: datetime, hours: float, sent: tuple[str, ...] = ()) -> dc.DeadlineClock:
    return dc.DeadlineClock(inquiry_id=f"{kind}-{start.isoformat()}", agency_id="so-xay-dung",
                            inquiry_kind=enum_value(common_pb2.InquiryKind, kind),
                            started_time=to_timestamp(start),
                            due_time=to_timestamp(start + timedelta(hours=hours)),
                            assigned_event_id="ev", stages_sent=list(sent))


def worked_out(c: dc.DeadlineClock) -> list[tuple[str, datetime]]:
    """The moments straight from the ladder and calendar, as a tick computed them before the planner."""
    kind = ladder().for_kind(dc.kind_name(c))
    assert kind is not None
    counting = ladder().counting(kind, c.policy_id)
    moments = [(s.id, ladder_module.fire_moment(calendar(), counting, s, dc.started_at(c), dc.due_at(c)))
               for s in kind.stages if s.id not in c.stages_sent]
    return sorted(((i, m) for i, m in moments if m is not None), key=lambda p: p[1])


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the calendar arithmetic ran."""
    calls = [0]
    real = dc.fire_moment

    def fire_moment(*args: object) -> datetime | None:
        calls[0] += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dc, "fire_moment", fire_moment)
    return calls


def test_the_plan_is_what_the_ladder_and_calendar_give() -> None:
    planner = dc.Planner(ladder(), calendar())
    for n, kind in enumerate(KINDS):
        for start in (MONDAY, MONDAY + timedelta(days=4, hours=8), MONDAY + timedelta(hours=n * 7)):
            for hours in (3, 26, 24 * 12):
                c = clock(kind, start, hours)
                assert [(d.stage.id, d.fires_at) for d in planner.schedule(c)] == worked_out(c)
                assert [(d.stage.id, d.fires_at) for d in planner.schedule(c)] == worked_out(c)  # kept


def test_a_clock_is_worked_out_once_and_what_was_sent_is_left_out(counted: list[int]) -> None:
    planner = dc.Planner(ladder(), calendar())
    fresh = clock("press_request", MONDAY, 24 * 7)
    everything = [d.stage.id for d in planner.schedule(fresh)]
    runs = counted[0]
    assert runs > 0 and len(everything) > 1
    later = dc.mark_sent(fresh, everything[:1])
    far_future = MONDAY + timedelta(days=365)
    assert [d.stage.id for d in planner.due_stages(later, far_future)] == everything[1:]
    assert planner.due_stages(later, MONDAY) == []
    assert counted[0] == runs  # the same kind, start and due: nothing worked out again


def test_a_moved_deadline_is_a_new_plan(counted: list[int]) -> None:
    planner = dc.Planner(ladder(), calendar())
    first = planner.schedule(clock("press_request", MONDAY, 24 * 7))
    runs = counted[0]
    extended = planner.schedule(clock("press_request", MONDAY, 24 * 14))
    assert counted[0] > runs and extended[-1].fires_at > first[-1].fires_at


def test_only_the_most_recently_used_plans_are_kept(counted: list[int]) -> None:
    planner = dc.Planner(ladder(), calendar(), size=2)
    a, b, c = (clock("press_request", MONDAY + timedelta(hours=h), 48) for h in (1, 2, 3))
    for each in (a, b, a, c):  # c pushes out b, the least recently used
        planner.schedule(each)
    runs = counted[0]
    planner.schedule(a)
    planner.schedule(c)
    assert counted[0] == runs
    planner.schedule(b)
    assert counted[0] > runs
