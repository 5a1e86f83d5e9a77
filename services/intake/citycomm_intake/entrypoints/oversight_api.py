"""REST: operators and the coordinating office reassign, close and settle disputes; the submitter
disputes an answer. Like the agency actions: 202 with a command id, `Prefer: wait=N` for routing's
decision, `Idempotency-Key` to make a retry the same command."""

from __future__ import annotations

from fastapi import APIRouter

from citycomm_intake.domain.oversight import CloseIn, DisputeIn, ReassignIn, SettleDisputeIn
from citycomm_intake.entrypoints.actions_api import action_route

OVERSIGHT_ACTIONS = (
    ("reassign", ReassignIn, "reassign",
     "Operators and the coordinating office (an agency key of the directory's coordinator or its "
     "supervisor; 403 for others): place an open inquiry with a named agency, which gets a deadline "
     "counted from now. This is how an inquiry escalated to the coordinating office is placed."),
    ("close", CloseIn, "close",
     "Operators and the coordinating office: close an inquiry that is not closed, with a reason."),
    ("settle-dispute", SettleDisputeIn, "settle_dispute",
     "Operators and the coordinating office decide a dispute (the inquiry is `reopened`): "
     "`answer_stands` closes it with the disputed answer as final; `answer_again` assigns it anew "
     "to `agency_id` (default: the agency that answered) on a deadline counted from now."),
    ("dispute", DisputeIn, "dispute",
     "The submitter (its press agency or Press Center key) or an operator does not accept the "
     "answer: the inquiry reopens for the same agency until it answers again or the dispute is "
     "settled."),
)


def oversight_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["operator and coordinator actions"])
    for path, body, name, doc in OVERSIGHT_ACTIONS:
        action_route(router, path, body, name, doc)
    return router
