"""Consultations on draft documents as reporting keeps them (issue 20, decision 0108).

Routing's consultation events travel on the inquiry topics, keyed by consultation id (decision 0113);
the read model stores each once in the audit trail like any event. From them it keeps one row per
consultation, refolded from its stored events (so a replayed or late event changes nothing twice;
the store counts its comments from their rows rather than folding each again), and one row per
comment: who it came from by audience and role, the article and theme, the moment
and the city day. Never the commenter's contact (design.md §7, decision 0008) nor the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.vocabulary import CITY_ZONE, enum_name
from citycomm_reporting.domain.facts import Fact, moment

AUDIENCE, LEVEL = pb.ConsultationAudience, pb.DocumentLevel
OPEN, CLOSED, RESPONDED = "open", "closed", "responded"

# In the lifecycle's order: ties in time are broken by it.
CONSULTATION_ORDER = {name: rank for rank, name in enumerate((
    "ConsultationOpened", "ConsultationChanged", "ConsultationCommentReceived",
    "ConsultationCommandRefused", "ConsultationClosed", "ConsultationResponsePublished"))}

Row = dict[str, Any]


def is_consultation(fact_type: str) -> bool:
    """Whether an event (full or short type name) is about a consultation."""
    return fact_type.rsplit(".", 1)[-1] in CONSULTATION_ORDER


def audience_name(audience: int) -> str:
    """press, public, organisations ('' when unset)."""
    return enum_name(AUDIENCE, audience)


def consultation_id(fact: Fact) -> str:
    return str(getattr(fact.message, "consultation_id", "")) or fact.inquiry_id


def _draft(row: Row, draft: pb.ConsultationDraft) -> None:
    row.update(title=draft.title, summary=draft.summary, drafting_agency_id=draft.drafting_agency_id,
               level=enum_name(LEVEL, draft.level), large_impact=draft.large_impact,
               audiences=[audience_name(a) for a in draft.audiences],
               organisation_ids=list(draft.organisation_ids), document_links=list(draft.document_links),
               opens_at=moment(draft, "opens_time"), closes_at=moment(draft, "closes_time"))


def _fold_one(row: Row, fact: Fact) -> None:
    event: Any = fact.message
    kind = fact.type
    if kind in ("ConsultationOpened", "ConsultationChanged"):
        _draft(row, event.draft)
        row["policy_id"] = event.policy_id or row.get("policy_id")
        row["response_due_at"] = moment(event, "response_due_time") or row.get("response_due_at")
        if kind == "ConsultationOpened":
            row["opened_at"] = fact.occurred_at
        row.setdefault("status", OPEN)
    elif kind == "ConsultationCommentReceived":
        row["comments"] = row.get("comments", 0) + 1
        row["drafting_agency_id"] = row.get("drafting_agency_id") or event.drafting_agency_id
    elif kind == "ConsultationCommandRefused":
        if event.comment_id:
            row["comments_refused"] = row.get("comments_refused", 0) + 1
    elif kind == "ConsultationClosed":
        row.update(status=CLOSED if row.get("status") != RESPONDED else RESPONDED,
                   closed_at=fact.occurred_at, policy_id=event.policy_id or row.get("policy_id"))
        row["drafting_agency_id"] = row.get("drafting_agency_id") or event.drafting_agency_id
        row["response_due_at"] = moment(event, "response_due_time") or row.get("response_due_at")
    elif kind == "ConsultationResponsePublished":
        row.update(status=RESPONDED, response_published_at=fact.occurred_at, response_url=event.response_url,
                   response_on_time=event.on_time)
        row["drafting_agency_id"] = row.get("drafting_agency_id") or event.drafting_agency_id
        row["response_due_at"] = moment(event, "response_due_time") or row.get("response_due_at")


def in_order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_at, CONSULTATION_ORDER.get(f.type, 99), f.event_id))


def fold_consultation(facts: Iterable[Fact]) -> Row | None:
    """The consultation's row from its events in any order, or None until one says what it is."""
    ordered = [f for f in in_order(facts) if f.type in CONSULTATION_ORDER]
    if not ordered:
        return None
    row: Row = {"consultation_id": consultation_id(ordered[0]), "comments": 0, "comments_refused": 0}
    for fact in ordered:
        _fold_one(row, fact)
    row.setdefault("status", OPEN)  # a comment seen before the opening: it was open
    row["updated_at"] = ordered[-1].occurred_at
    return row


def comment_of(fact: Fact) -> Row | None:
    """A comment as counted: audience, role, article, theme, when and the city day; no text, no
    contact, no commenter."""
    event = fact.message
    if not isinstance(event, pb.ConsultationCommentReceived):
        return None
    return {"comment_id": event.comment_id or fact.event_id, "consultation_id": event.consultation_id,
            "drafting_agency_id": event.drafting_agency_id, "audience": audience_name(event.audience),
            "submitter_role": enum_name(common_pb2.Role, event.submitted_by.role),
            "article": event.article.strip()[:100], "theme": event.theme.strip()[:100],
            "received_at": fact.occurred_at,
            "received_day": fact.occurred_at.astimezone(CITY_ZONE).date().isoformat()}


def open_now(row: Row, now: datetime) -> bool:
    """Open and taking comments now (by its status and announced period)."""
    opens, closes = row.get("opens_at"), row.get("closes_at")
    return (row.get("status") == OPEN and (opens is None or opens <= now)
            and (closes is None or now <= closes))
