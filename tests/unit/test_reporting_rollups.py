"""What one inquiry adds to the roll-ups (domain/rollups.py): slots, measures, and the moves of a refold."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.periods import date_range, period_containing
from citycomm_reporting.domain.rollups import (
    ALL,
    CITY,
    NEVER,
    changes,
    contributions,
    is_slot_boundary,
    signal_contributions,
    slot_of,
)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CITY_ZONE)


def row(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"inquiry_id": "i1", "status": "assigned", "agency_id": "so-xay-dung",
                               "received_at": local(2026, 5, 4, 8), "due_at": local(2026, 5, 8, 23, 59),
                               "answered_at": None, "refused": None, "on_time": None, "category": "noise",
                               "kind": "citizen_feedback", "ward_code": "26740", "channel": "web"}
    return base | fields


def test_a_slot_is_half_a_local_day() -> None:
    assert slot_of(local(2026, 5, 4, 8, 30)) == local(2026, 5, 4, 0)
    assert slot_of(local(2026, 5, 4, 12)) == local(2026, 5, 4, 12)
    assert slot_of(local(2026, 5, 4, 23, 59, 59)) == local(2026, 5, 4, 12)
    assert slot_of(datetime(2026, 5, 4, 16, 59, tzinfo=UTC)) == local(2026, 5, 4, 12)  # 23:59 local
    assert slot_of(local(2026, 5, 4, 8)).tzinfo == UTC


def test_every_period_kind_is_whole_slots() -> None:
    moment = local(2026, 10, 25, 11, 59)
    for kind in ("day", "week", "month", "month_1022"):
        period = period_containing(kind, moment)
        assert is_slot_boundary(period.start) and is_slot_boundary(period.end), kind
    period = date_range(local(2026, 1, 3).date(), local(2026, 2, 7).date())
    assert is_slot_boundary(period.start) and is_slot_boundary(period.end)
    assert not is_slot_boundary(local(2026, 5, 4, 7, 30))


def test_an_open_inquiry_counts_received_and_open_by_its_deadline() -> None:
    counts = contributions(row())
    received = (slot_of(local(2026, 5, 4, 8)), CITY, ALL, ALL)
    due = (slot_of(local(2026, 5, 8, 23, 59)), "so-xay-dung", "ward", "26740")
    assert counts[(received, "received")] == 1
    assert counts[(due, "open_due")] == counts[(due, "open_unanswered_due")] == 1
    assert counts[((None, CITY, "category", "noise"), "open")] == 1
    assert not any(measure in ("answered", "due_answered") for (_, measure) in counts)
    # received, open, open_due, open_unanswered_due; for the city and the agency; 5 dimensions each
    assert sum(counts.values()) == 4 * 2 * 5


def test_an_answer_moves_the_counts_from_open_to_answered() -> None:
    answered_at = local(2026, 5, 6, 14)
    before = row()
    after = row(status="refused", answered_at=answered_at, refused=True, on_time=True,
                response_hours=54.0, response_working_hours=12.5)
    moved = changes([before], [after])
    due_slot = slot_of(local(2026, 5, 8, 23, 59))
    assert {k: v for k, v in moved[(slot_of(answered_at), CITY, ALL, ALL)].items() if v} == {
        "answered": 1, "refused": 1, "response_bucket_2": 1}  # 12.5 office hours: in [8, 16)
    assert moved[(due_slot, "so-xay-dung", "channel", "web")]["due_answered"] == 1
    assert moved[(due_slot, "so-xay-dung", "channel", "web")]["open_due"] == -1
    assert moved[(None, CITY, ALL, ALL)] == {"open": -1}
    assert all(slot != slot_of(local(2026, 5, 4, 8)) for slot, *_ in moved)  # receipt unchanged: no move


def test_a_transfer_moves_the_counts_to_the_other_agency() -> None:
    moved = changes([row()], [row(agency_id="ubnd-26740")])
    assert moved[(None, "so-xay-dung", ALL, ALL)] == {"open": -1}
    assert moved[(None, "ubnd-26740", ALL, ALL)] == {"open": 1}
    assert not any(agency == CITY for _, agency, _, _ in moved)  # the city's counts stay


def test_a_signal_counts_for_its_agency_under_its_inquirys_values() -> None:
    mark = {"event_id": "n1", "inquiry_id": "i1", "agency_id": "vp-ubnd", "signal": "escalation",
            "stage": "overdue", "at": local(2026, 5, 9, 0, 5)}
    counts = signal_contributions(mark, row())
    slot = slot_of(mark["at"])  # type: ignore[arg-type]
    assert counts[((slot, "vp-ubnd", "ward", "26740"), "escalations")] == 1
    assert counts[((slot, CITY, "category", "noise"), "escalations")] == 1
    assert counts[((slot, CITY, "category", ""), "escalations")] == 0
    assert signal_contributions(mark, None)[((slot, CITY, "category", ""), "escalations")] == 1
    assert not signal_contributions(mark | {"signal": "webhook_delivered"}, row())


def test_no_deadline_is_open_forever_and_the_same_row_moves_nothing() -> None:
    counts = contributions(row(due_at=None))
    assert counts[((NEVER, CITY, ALL, ALL), "open_due")] == 1
    assert changes([row()], [row()]) == {}
    keys = list(changes([], [row(), row(inquiry_id="i2", received_at=local(2026, 5, 9, 13))]))
    assert keys == sorted(keys, key=lambda k: (k[0] is not None, k[0] or NEVER, *k[1:]))
    assert keys[0][0] is None and keys[-1][0] == slot_of(local(2026, 5, 9, 13))
