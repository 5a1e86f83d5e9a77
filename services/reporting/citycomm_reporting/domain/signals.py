"""What an event adds beside the inquiry's state: a countable signal, a command's outcome."""

from __future__ import annotations

from typing import Any

from citycomm.v1 import common_pb2, consultations_pb2, events_pb2
from citycomm_common.vocabulary import enum_name
from citycomm_reporting.domain.facts import Fact

REMINDER_PREFIX = "reminder"
# The read model keeps a CommandOutcomeState by its short name (`accepted`), as it always has.
ACCEPTED = enum_name(common_pb2.CommandOutcomeState, common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED)
REJECTED = enum_name(common_pb2.CommandOutcomeState, common_pb2.COMMAND_OUTCOME_STATE_REJECTED)


def signal_of(fact: Fact) -> dict[str, Any] | None:
    """A reminder, an escalation or a webhook outcome, as the aggregates count them."""
    event = fact.message
    if isinstance(event, events_pb2.NoticeSent):
        stage = event.stage
        # The webhook type (inquiry.reminder, inquiry.escalated, ...) says it best; older notices lack it.
        named = event.event_type or stage
        signal = "reminder" if REMINDER_PREFIX in named.split(".")[-1] else "escalation"
    elif isinstance(event, events_pb2.InquiryEscalated):
        signal, stage = "escalation", "routing_escalated"
    elif isinstance(event, events_pb2.WebhookFailed):
        signal, stage = "webhook_failed", "dead_lettered" if event.dead_lettered else "failed"
    elif isinstance(event, events_pb2.WebhookDelivered):
        signal, stage = "webhook_delivered", ""
    else:
        return None
    return {"event_id": fact.event_id, "inquiry_id": fact.inquiry_id,
            "agency_id": event.agency_id, "signal": signal, "stage": stage,
            "at": fact.occurred_at}


def command_outcome_of(fact: Fact) -> dict[str, Any] | None:
    """Routing answers every command with an event naming it; a rejection says why."""
    if not fact.command_id:
        return None
    event = fact.message
    if isinstance(event, events_pb2.CommandRejected):
        state, reason = REJECTED, event.reason
    elif isinstance(event, consultations_pb2.ConsultationCommandRefused):  # decision 0113
        state, reason = REJECTED, f"{event.detail_vi} / {event.detail} (code: {event.code})"
    else:
        state, reason = ACCEPTED, ""
    return {"command_id": fact.command_id, "inquiry_id": fact.inquiry_id, "state": state,
            "reason": reason, "event_type": f"citycomm.v1.{fact.type}", "at": fact.occurred_at}
