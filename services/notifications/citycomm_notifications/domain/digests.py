"""The daily digest: each agency's open and overdue inquiries, gathered where one worker sees them all.

Deadline clocks live in the partition of their inquiry, so an agency's clocks are spread over every
worker. Each change to a clock is mirrored as an `AgencyItem` keyed by agency (re-keying, as Kafka
Streams would do it), and the worker that holds an agency's partition of that mirror sends the
agency's one digest. These are the plain functions; app.py wires the topic and table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.contracts import legacy_text
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.notices import Notice

DIGEST = "digest.daily"


def item_changes(before: DeadlineClock | None, after: DeadlineClock | None) -> list[AgencyItem]:
    """The mirror records one clock change needs: a removal from the agency it left, the new state."""
    changes = []
    if before is not None and (after is None or after.agency_id != before.agency_id):
        changes.append(AgencyItem(agency_id=before.agency_id, inquiry_id=before.inquiry_id))
    if after is not None:
        changes.append(AgencyItem(agency_id=after.agency_id, inquiry_id=after.inquiry_id, clock=after))
    return changes


def item_key(item: AgencyItem, partition: int) -> str:
    """Placed key (see stores.PlacedTable): the mirror's partition, then agency and inquiry."""
    return f"{partition}/{item.agency_id}/{item.inquiry_id}"


def digest_notices(open_clocks: Iterable[DeadlineClock], now: datetime, day: str) -> list[Notice]:
    """One `digest.daily` per agency with open items; its id is fixed by agency and day."""
    by_agency: dict[str, list[tuple[datetime, dict[str, Any]]]] = defaultdict(list)
    for clock in open_clocks:
        due = dc.due_at(clock)
        by_agency[clock.agency_id].append((due, {
            "inquiry_id": clock.inquiry_id, "tracking_code": clock.tracking_code, "title": clock.title,
            "kind": dc.kind_name(clock), "due_at": legacy_text(due), "overdue": due < now,
            "stages_sent": list(clock.stages_sent)}))
    notices = []
    for agency, dated in sorted(by_agency.items()):
        items = [item for _, item in sorted(dated, key=lambda d: (d[0], d[1]["inquiry_id"]))]
        data = {"agency_id": agency, "day": day, "generated_at": rfc3339(now), "open": len(items),
                "overdue": sum(1 for i in items if i["overdue"]), "items": items}
        notices.append(Notice(DIGEST, agency, "", data, derived_id(agency, DIGEST, day)))
    return notices
