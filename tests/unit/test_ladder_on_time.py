"""Every ladder stage is sent on time: at its moment, no later than one tick after, whatever the deadline's
length. The worker's tick is simulated on a FakeClock, every 30 s as in production."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from citycomm.v1 import common_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.config_files import ConfigError
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_notifications.domain.escalation_ladder import Ladder, fire_moment, load_ladder
from tests.conftest import CONFIG_DIR
from tests.support.notifications_fakes import Harness, assigned, calendar, envelope, ladder

TICK = timedelta(seconds=30)  # CITYCOMM_CLOCK_TICK_INTERVAL's default
AGENCY = "so-van-hoa-the-thao"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CITY_ZONE)


async def sent_moments(kind: int, policy: str, start: datetime, due: datetime, until: datetime,
                       every: timedelta = TICK) -> dict[str, datetime]:
    """Tick from the assignment until `until`; when (on the clock) each stage was sent."""
    harness = Harness(FakeClock(start))
    event = assigned("inq-1", AGENCY, start, due, kind=kind)
    event.deadline.policy_id = policy
    escalator = harness.escalator()
    await escalator.on_event(envelope(event, "inq-1", "ev-1"))
    sent: dict[str, datetime] = {}
    moment = start
    while moment <= until:
        harness.clock.set(moment)
        before = len(harness.notices())
        await escalator.tick()
        sent.update({n.stage: moment for n in harness.notices()[before:]})
        moment += every
    return sent


def assert_on_time(sent: dict[str, datetime], expected: dict[str, datetime], every: timedelta = TICK) -> None:
    assert set(sent) == set(expected)
    late = {stage: (sent[stage], moment) for stage, moment in expected.items()
            if not moment <= sent[stage] < moment + every}
    assert not late, f"stages not sent within one tick of their moment (sent, moment): {late}"


async def test_a_one_hour_deadline_given_in_the_lunch_break_has_every_stage_on_time() -> None:
    # The 1022 rule "responsibility unclear: guidance within 1 hour" (clock hours), given at 11:34
    # on a Tuesday, while the offices are closed for lunch (11:30-13:00). Counted in office hours
    # and held for the offices, all three stages went together at 13:00, 26 minutes after the due.
    start = at(3, 11, 34)
    sent = await sent_moments(common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, "feedback-1022-unclear-guidance",
                              start, start + timedelta(hours=1), until=start + timedelta(hours=3))
    assert_on_time(sent, {"reminder_half": at(3, 12, 4), "overdue": at(3, 12, 34),
                          "long_overdue": at(3, 13, 34)})
    assert sent["reminder_half"] < start + timedelta(hours=1)


@pytest.mark.parametrize("start", [at(3, 6, 4), at(3, 16, 45), at(7, 22, 10), at(4, 0, 0)],
                         ids=["before-office", "at-closing", "saturday-night", "midnight"])
async def test_a_one_hour_deadline_runs_day_and_night(start: datetime) -> None:
    sent = await sent_moments(common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, "feedback-1022-unclear-guidance",
                              start, start + timedelta(hours=1), until=start + timedelta(hours=3))
    assert_on_time(sent, {"reminder_half": start + timedelta(minutes=30),
                          "overdue": start + timedelta(hours=1),
                          "long_overdue": start + timedelta(hours=2)})


async def test_a_24_hour_media_alert_has_every_stage_on_time() -> None:
    start = at(7, 20)  # a Saturday evening
    sent = await sent_moments(common_pb2.INQUIRY_KIND_MEDIA_ALERT, "media-alert-initial-2026",
                              start, start + timedelta(hours=24), until=start + timedelta(hours=49))
    assert_on_time(sent, {"reminder_quarter": at(8, 2), "reminder_hours_before": at(8, 16),
                          "overdue": at(8, 20), "long_overdue": at(9, 20)})


async def test_a_working_day_deadline_has_every_stage_on_time() -> None:
    start = at(2, 9)  # a Monday; 5 working days: 24:00 Monday 9 November
    sent = await sent_moments(common_pb2.INQUIRY_KIND_PRESS_REQUEST, "press-information-2026",
                              start, calendar().add_working_days(start, 5), until=at(18, 9))
    assert_on_time(sent, {
        "reminder_half": at(5, 8, 15),  # half of 46.5 office hours
        "reminder_day_before": at(9, 7, 30),  # 24:00 Friday, held for the offices: Monday morning
        "overdue": at(10, 7, 30),  # 24:00 Monday, held: Tuesday morning
        "long_overdue": at(17, 15, 30),  # 93 office hours
    })


def test_a_stage_before_the_due_time_is_never_held_past_it() -> None:
    data = ladder().model_dump(exclude={"policy_units"})
    data["kinds"]["press_request"]["stages"].append(
        {"id": "evening_before", "type": "inquiry.reminder", "at": {"before_due": {"hours": 4}},
         "recipients": ["contact_point"]})
    custom = Ladder.model_validate(data)
    kind = custom.kinds["press_request"]
    [stage] = [s for s in kind.stages if s.id == "evening_before"]
    start, due = at(2, 9), calendar().add_working_days(at(2, 9), 5)  # due 24:00 Monday 9 November
    counting = custom.counting(kind, "press-information-2026")
    # 20:00 on the due day: the offices open again only after the due time, so it goes then.
    assert fire_moment(calendar(), counting, stage, start, due) == due - timedelta(hours=4)
    assert calendar().next_office_moment(due - timedelta(hours=4)) > due


def test_the_ladder_counts_every_unit_the_deadline_policies_use() -> None:
    from typing import get_args

    from citycomm_notifications.domain.escalation_ladder import Unit
    from citycomm_routing.domain import deadline_policies

    assert set(get_args(Unit)) == set(get_args(deadline_policies.Unit))
    policies = deadline_policies.load_policies(CONFIG_DIR / "deadline-policies.yaml")
    assert {p.id: p.unit for p in policies.policies} == ladder().policy_units


@pytest.mark.parametrize(("change", "message"), [
    ("      - {id: reminder_half, type: inquiry.reminder, at: {fraction_of_allowed: 0.5}",
     "must come before the due time"),
    ("  working_days:  {time: working, hold: true}", "missing: ['working_days']"),
    ("kinds:", "policy_units is read from deadline-policies.yaml"),
])
def test_a_ladder_that_contradicts_itself_is_refused_at_load(tmp_path: Path, change: str,
                                                             message: str) -> None:
    text = (CONFIG_DIR / "escalation-ladder.yaml").read_text()
    assert change in text
    broken = {
        "must come before the due time": change.replace("0.5", "1.5"),
        "missing: ['working_days']": "",
        "policy_units is read from deadline-policies.yaml": "policy_units: {x: minutes}\nkinds:",
    }[message]
    path = tmp_path / "escalation-ladder.yaml"
    path.write_text(text.replace(change, broken, 1))
    with pytest.raises(ConfigError, match=re.escape(message)) as refused:
        load_ladder(path)
    assert str(path) in str(refused.value)
