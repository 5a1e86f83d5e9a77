"""What an event adds beside the inquiry's state: a countable signal, a command's outcome."""

from __future__ import annotations

from typing import Any

from citycomm_reporting.domain.facts import Fact

REMINDER_PREFIX = "reminder"


def signal_of(fact: Fact) -> dict[str, Any] | None:
    """A reminder, an escalation or a webhook outcome, as the aggregates count them."""
    data = fact.data
    if fact.type == "NoticeSent":
        stage = data.get("stage", "")
        # The webhook type (inquiry.reminder, inquiry.escalated, ...) says it best; older notices lack it.
        named = data.get("event_type", "") or stage
        signal = "reminder" if REMINDER_PREFIX in named.split(".")[-1] else "escalation"
    elif fact.type == "InquiryEscalated":
        signal, stage = "escalation", "routing_escalated"
    elif fact.type == "WebhookFailed":
        signal, stage = "webhook_failed", "dead_lettered" if data.get("dead_lettered") else "failed"
    elif fact.type == "WebhookDelivered":
        signal, stage = "webhook_delivered", ""
    else:
        return None
    return {"event_id": fact.event_id, "inquiry_id": fact.inquiry_id,
            "agency_id": data.get("agency_id", ""), "signal": signal, "stage": stage,
            "at": fact.occurred_at}


def command_outcome_of(fact: Fact) -> dict[str, Any] | None:
    """Routing answers every command with an event naming it; a rejection says why."""
    if not fact.command_id:
        return None
    rejected = fact.type == "CommandRejected"
    return {"command_id": fact.command_id, "inquiry_id": fact.inquiry_id,
            "state": "rejected" if rejected else "accepted",
            "reason": fact.data.get("reason", "") if rejected else "",
            "event_type": f"citycomm.v1.{fact.type}", "at": fact.occurred_at}
