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

from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock
from citycomm.v1.webhooks_pb2 import DailyDigest, DigestItem
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_notifications.domain import deadline_clock as dc
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload

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
    by_agency: dict[str, list[tuple[datetime, DigestItem]]] = defaultdict(list)
    for clock in open_clocks:
        due = dc.due_at(clock)
        by_agency[clock.agency_id].append((due, DigestItem(
            inquiry_id=clock.inquiry_id, tracking_code=clock.tracking_code, title=clock.title,
            kind=clock.inquiry_kind, due_time=clock.due_time, overdue=due < now,
            stages_sent=clock.stages_sent)))
    notices = []
    for agency, dated in sorted(by_agency.items()):
        items = [item for _, item in sorted(dated, key=lambda d: (d[0], d[1].inquiry_id))]
        digest = DailyDigest(agency_id=agency, day=day, generated_time=to_timestamp(now), open=len(items),
                             overdue=sum(1 for i in items if i.overdue), items=items)
        notices.append(Notice(DIGEST, agency, "", payload(DIGEST, digest), derived_id(agency, DIGEST, day)))
    return notices
