"""The fold from events to an inquiry's state: order-independent, reopen and extension aware, no contact."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common import codec
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.contracts import legacy_only, to_timestamp
from citycomm_reporting.domain.facts import fact_from
from citycomm_reporting.domain.projection import fold
from citycomm_reporting.domain.signals import command_outcome_of, signal_of
from citycomm_reporting.domain.stats import GroupFigures, percentile, ranking
from tests.support.reporting_scenario import at, end_of, lifecycle

CALENDAR = WorkingCalendar()
WRITTEN = datetime(2026, 6, 1, tzinfo=UTC)


def facts(messages):  # type: ignore[no-untyped-def]
    return [fact_from(m, event_id=f"e{n}", subject=m.inquiry_id, written_at=WRITTEN)
            for n, m in enumerate(messages)]


def test_every_arrival_order_folds_to_the_same_state() -> None:
    events = facts(lifecycle("x", agency_id="a", kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK,
                             category="noise", ward="26740", channel="web", received=at(2026, 4, 29, 9),
                             due=end_of(2026, 5, 6), answered=at(2026, 5, 4, 9)))
    states = {str(sorted((fold(order, CALENDAR) or {}).items())) for order in itertools.permutations(events)}
    assert len(states) == 1
    row = fold(events, CALENDAR)
    assert row is not None
    assert (row["status"], row["on_time"], row["response_working_hours"], row["response_hours"]) == (
        "answered", True, 8.0, 120.0)
    assert "contact" not in events[0].data and "contact" not in events[1].data


def test_reopening_clears_the_answer_and_sets_a_new_deadline() -> None:
    events = lifecycle("x", agency_id="a", kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST, category="roads",
                       ward="26740", channel="api", received=at(2026, 5, 4, 9), due=end_of(2026, 5, 8),
                       answered=at(2026, 5, 5, 9))
    events.append(events_pb2.InquiryReopened(
        inquiry_id="x", agency_id="a", reason="incomplete", reopened_time=to_timestamp(at(2026, 5, 6, 9)),
        deadline=common_pb2.Deadline(due_time=to_timestamp(end_of(2026, 5, 13)))))
    row = fold(facts(events), CALENDAR)
    assert row is not None
    assert (row["status"], row["answered_at"], row["on_time"]) == ("reopened", None, None)
    assert row["due_at"] == end_of(2026, 5, 13)


def test_only_state_events_make_a_row_and_signals_are_classified() -> None:
    notice = events_pb2.NoticeSent(notice_id="n", inquiry_id="x", agency_id="a",
                                   stage="reminder_day_before", sent_time=to_timestamp(at(2026, 5, 6, 9)))
    failed = events_pb2.WebhookFailed(inquiry_id="x", agency_id="a", dead_lettered=True,
                                      failed_time=to_timestamp(at(2026, 5, 6, 9)))
    escalated = events_pb2.NoticeSent(inquiry_id="x", agency_id="a", stage="long_overdue",
                                      sent_time=to_timestamp(at(2026, 5, 9)))
    as_facts = facts([notice, failed, escalated])
    assert fold(as_facts, CALENDAR) is None
    assert [(s["signal"], s["stage"]) for s in map(signal_of, as_facts)] == [  # type: ignore[index]
        ("reminder", "reminder_day_before"), ("webhook_failed", "dead_lettered"),
        ("escalation", "long_overdue")]
    assert command_outcome_of(as_facts[0]) is None


def test_percentiles_interpolate_and_ranking_breaks_ties_by_volume() -> None:
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([18.0, 174.0], 0.5) == 96.0
    assert round(percentile([3.5, 8, 8, 42, 44.5], 0.9), 6) == 43.5  # type: ignore[arg-type]
    groups = [GroupFigures("b", decided=4, on_time=4), GroupFigures("a", decided=8, on_time=8),
              GroupFigures("c", decided=1, on_time=0)]
    result = ranking(iter(groups), min_volume=2)
    assert [r["agency_id"] for r in result["ranked"]] == ["a", "b"]
    assert result["below_min_volume"] == [{"agency_id": "c", "decided": 1}]


def test_events_the_previous_release_wrote_fold_and_are_stored_like_new_ones() -> None:
    """Old records carry only the deprecated strings; the codec fills the typed fields on read."""
    new = lifecycle("x", agency_id="a", kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST, category="roads",
                    ward="26740", channel="api", received=at(2026, 5, 4, 9), due=end_of(2026, 5, 8),
                    answered=at(2026, 5, 5, 9))
    records = [codec.encode(legacy_only(m), source="/routing", subject="x") for m in new]
    old = [codec.decode(r.value, r.headers).message for r in records]
    on_the_wire = events_pb2.InquirySubmitted.FromString(records[0].value)
    assert on_the_wire.received_at and not on_the_wire.HasField("received_time")
    assert fold(facts(old), CALENDAR) == fold(facts(new), CALENDAR)
    stored = [f.data for f in facts(old)]
    assert stored == [f.data for f in facts(new)]
    # The audit trail keeps its shape: RFC 3339 strings under the old names, no typed twins.
    assert stored[1]["deadline"]["due_at"] == "2026-05-08T23:59:59.999999+07:00"
    assert "received_time" not in stored[0] and "answered_time" not in stored[2]
