"""Roll-ups: what one inquiry adds to the counts per half-day slot, agency and dimension value.

A slot is half a local day ([00:00, 12:00) or [12:00, 24:00) in the city's time), so every
period (days, weeks, months, the 1022 month that turns at noon, ranges of days) is whole slots.
Each inquiry adds to the slot of the moment each figure counts it at (domain/stats.py):
received at its receipt, answered/refused at its answer, decided/on time at its deadline, and,
while it is open, to the slot of its deadline (`NEVER` without one) and to the open count of
its agency and dimension values (slot `None`: open_counts, one row per key whatever the slots).
It adds once for the city (`CITY`) and once for its agency, under each dimension ("all" and the
value of each dimension). An answer also counts in its bucket of office hours (RESPONSE_EDGES).
A reminder, escalation or webhook failure counts at its moment for the agency it names, under the
dimension values its inquiry has now ("" while there is no row), as figures always joined them.
The projection applies the difference between an inquiry's row before and after a refold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.projection import OPEN_STATUSES
from citycomm_reporting.domain.stats import RESPONSE_EDGES

CITY = "*"  # the agency_id of the city-wide rows (no agency id is "*")
ALL = "all"
NEVER = datetime(9999, 1, 1, tzinfo=UTC)  # the slot of an open inquiry without a deadline
COUNTED_SIGNALS = {"reminder": "reminders", "escalation": "escalations", "webhook_failed": "webhook_failures"}
RESPONSE_BUCKETS = tuple(f"response_bucket_{n}" for n in range(len(RESPONSE_EDGES)))
MEASURES = ("received", "answered", "refused", "due_answered", "due_on_time", "open_due",
            "open_unanswered_due", *COUNTED_SIGNALS.values(), *RESPONSE_BUCKETS)
# The dimensions of a roll-up row, by the inquiry column that gives their value.
DIMENSION_SOURCES = {"category": "category", "kind": "kind", "ward": "ward_code", "channel": "channel"}
SOURCE_COLUMNS = ("inquiry_id", "status", "agency_id", "received_at", "answered_at", "due_at", "refused",
                  "on_time", "response_hours", "response_working_hours", *DIMENSION_SOURCES.values())

# slot (None: the open count, in open_counts), agency_id (or CITY), dimension (or ALL), key
RollupKey = tuple[datetime | None, str, str, str]
Counts = Counter[tuple[RollupKey, str]]


def slot_of(moment: datetime) -> datetime:
    """The start of the half-day slot `moment` falls in, in UTC."""
    local = moment.astimezone(CITY_ZONE)
    start = local.replace(hour=local.hour - local.hour % 12, minute=0, second=0, microsecond=0)
    return start.astimezone(UTC)


def is_slot_boundary(moment: datetime) -> bool:
    return slot_of(moment) == moment


def _moments(row: Mapping[str, Any]) -> list[tuple[str, datetime | None]]:
    """(measure, moment it counts at) for one inquiry row."""
    found: list[tuple[str, datetime | None]] = []
    received, answered, due = row.get("received_at"), row.get("answered_at"), row.get("due_at")
    if received is not None:
        found.append(("received", received))
    if answered is not None:
        found.append(("answered", answered))
        if row.get("refused") is True:
            found.append(("refused", answered))
        if row.get("response_hours") is not None and (hours := row.get("response_working_hours")) is not None:
            found.append((RESPONSE_BUCKETS[sum(1 for edge in RESPONSE_EDGES[1:] if hours >= edge)], answered))
        if due is not None:
            found.append(("due_answered", due))
            if row.get("on_time") is True:
                found.append(("due_on_time", due))
    if row.get("status") in OPEN_STATUSES:
        found.append(("open", None))
        found.append(("open_due", due if due is not None else NEVER))
        if answered is None:
            found.append(("open_unanswered_due", due if due is not None else NEVER))
    return found


def _counted(counts: Counts, measure: str, moment: datetime | None, agency: str,
             row: Mapping[str, Any] | None) -> None:
    slot = moment if moment in (None, NEVER) else slot_of(moment)
    values = [(ALL, ALL)] + [(d, (row or {}).get(column) or "") for d, column in DIMENSION_SOURCES.items()]
    for scope in (CITY, agency):
        for dimension, key in values:
            counts[((slot, scope, dimension, key), measure)] += 1


def contributions(row: Mapping[str, Any]) -> Counts:
    """What one inquiry row adds to the roll-up, measure by measure."""
    counts: Counts = Counter()
    for measure, moment in _moments(row):
        _counted(counts, measure, moment, row.get("agency_id") or "", row)
    return counts


def signal_contributions(mark: Mapping[str, Any], row: Mapping[str, Any] | None) -> Counts:
    """What one signal adds, its inquiry's row being `row` (None: not folded yet)."""
    counts: Counts = Counter()
    if (measure := COUNTED_SIGNALS.get(mark["signal"])) is not None:
        _counted(counts, measure, mark["at"], mark.get("agency_id") or "", row)
    return counts


def dimension_values(row: Mapping[str, Any] | None) -> tuple[str, ...]:
    """What a signal's counts depend on in its inquiry's row."""
    return tuple((row or {}).get(column) or "" for column in DIMENSION_SOURCES.values())


def changes(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]
            ) -> dict[RollupKey, dict[str, int]]:
    """Per roll-up row, how much each measure moves when rows `before` become rows `after`.

    Rows that do not move are left out; keys come sorted, so concurrent writers lock in one order.
    """
    return moved([contributions(row) for row in after], [contributions(row) for row in before])


def moved(added: Iterable[Counts], removed: Iterable[Counts]) -> dict[RollupKey, dict[str, int]]:
    """Per roll-up row, the sum of `added` less the sum of `removed`, measure by measure."""
    total: Counts = Counter()
    for counts in added:
        total.update(counts)
    for counts in removed:
        total.subtract(counts)
    found: dict[RollupKey, dict[str, int]] = {}
    for (key, measure), amount in total.items():
        if amount:
            found.setdefault(key, {} if key[0] is None else dict.fromkeys(MEASURES, 0))[measure] = amount
    return sorted_keys(found)


def sorted_keys(moved: Mapping[RollupKey, Mapping[str, int]]) -> dict[RollupKey, dict[str, int]]:
    """In one order for every writer (open counts first), so concurrent increments never deadlock."""
    return {k: dict(v) for k, v in sorted(moved.items(), key=lambda i: (i[0][0] is not None, i[0][0] or NEVER,
                                                                            *i[0][1:]))}
