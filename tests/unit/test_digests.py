"""The daily digest: built from the agency-keyed mirror of the clocks, one per agency and day."""

from __future__ import annotations

import json
from datetime import datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_notifications.domain.digests import digest_notices, item_changes
from citycomm_notifications.service_layer.digests import apply_item
from tests.support.notifications_fakes import Harness, MemoryStore, assigned, calendar, envelope

START = datetime(2026, 11, 2, 9, 0, tzinfo=CITY_ZONE)  # a Monday
DUE = calendar().add_working_days(START, 5)



def clock(inquiry: str, agency: str, due: str = "2026-11-10T00:00:00+07:00") -> DeadlineClock:
    return DeadlineClock(inquiry_id=inquiry, agency_id=agency,
                         inquiry_kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST,
                         due_time=to_timestamp(datetime.fromisoformat(due)))


def test_a_moved_clock_leaves_its_old_agency_and_joins_the_new_one() -> None:
    before, after = clock("i", "a"), clock("i", "b")
    [removal, upsert] = item_changes(before, after)
    assert (removal.agency_id, removal.HasField("clock")) == ("a", False)
    assert (upsert.agency_id, upsert.clock) == ("b", after)
    assert [c.HasField("clock") for c in item_changes(before, None)] == [False]  # stopped
    assert [c.agency_id for c in item_changes(None, before)] == ["a"]  # started
    assert [c.agency_id for c in item_changes(before, clock("i", "a", "2026-12-01T00:00:00+07:00"))] == ["a"]


def test_mirror_records_from_several_workers_land_under_the_agency_whatever_their_order() -> None:
    items = MemoryStore(DeadlineClock)
    for change in item_changes(None, clock("i1", "a")) + item_changes(None, clock("i2", "a")):
        apply_item(items, change, 2)
    apply_item(items, AgencyItem(agency_id="a", inquiry_id="i1"), 2)  # answered
    apply_item(items, AgencyItem(agency_id="a", inquiry_id="never-open"), 2)  # a removal of nothing
    assert [key for key, _ in items.items()] == ["2/a/i2"]


def test_one_digest_per_agency_with_its_open_and_overdue_items_sorted_by_due_time() -> None:
    now = datetime(2026, 11, 12, 7, 30, tzinfo=CITY_ZONE)
    clocks = [clock("late", "a", "2026-11-10T00:00:00+07:00"),
              clock("soon", "a", "2026-11-13T00:00:00+07:00"),
              clock("early", "a", "2026-11-09T00:00:00+07:00"),
              clock("other", "b", "2026-11-20T00:00:00+07:00")]
    [for_a, for_b] = digest_notices(clocks, now, "2026-11-12")
    assert (for_a.agency_id, for_a.data["open"], for_a.data["overdue"]) == ("a", 3, 2)
    assert [i["inquiry_id"] for i in for_a.data["items"]] == ["early", "late", "soon"]
    assert (for_b.agency_id, for_b.data["open"], for_b.data["overdue"]) == ("b", 1, 0)
    again = digest_notices(clocks, now, "2026-11-12")
    assert [n.source_id for n in again] == [for_a.source_id, for_b.source_id]  # same day, same ids
    assert digest_notices(clocks, now, "2026-11-13")[0].source_id != for_a.source_id


async def test_the_digest_follows_assignments_reassignments_stages_and_answers() -> None:
    harness = Harness(FakeClock(START))
    escalator = harness.escalator()
    for inquiry in ("i1", "i2", "i3"):
        started = assigned(inquiry, "so-xay-dung", START, DUE)
        await escalator.on_event(envelope(started, inquiry, f"ev-{inquiry}"))
    moved = assigned("i2", "so-y-te", START, DUE)
    await escalator.on_event(envelope(moved, "i2", "ev-moved"))
    answered = events_pb2.InquiryAnswered(inquiry_id="i3", agency_id="so-xay-dung")
    await escalator.on_event(envelope(answered, "i3"))
    harness.clock.set(datetime(2026, 11, 5, 9, tzinfo=CITY_ZONE))
    await escalator.tick()  # the half-time reminders go out: the digest lists them as sent
    assert await harness.container.digests.send("2026-11-05") == 2
    digests = {d.agency_id: json.loads(d.body)["data"] for _, d in harness.deliveries.items()
               if d.event_type == "digest.daily"}
    assert {agency: [i["inquiry_id"] for i in data["items"]] for agency, data in digests.items()} == {
        "so-xay-dung": ["i1"], "so-y-te": ["i2"]}
    assert digests["so-xay-dung"]["items"][0]["stages_sent"] == ["reminder_half"]
