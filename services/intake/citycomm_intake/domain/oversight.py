"""What operators and the coordinating office may ask of any inquiry, and the submitter's dispute.

Each becomes a command that routing judges again on its actor (routing is the only judge)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from citycomm_intake.domain.fields import Reason, Slug, Strict


class ReassignIn(Strict):
    """Place the inquiry with a named agency; its deadline counts from now (not a transfer)."""

    agency_id: Slug
    reason: Reason


class CloseIn(Strict):
    """Close the inquiry: it needs nothing more from anyone."""

    reason: Reason


class SettleDisputeIn(Strict):
    """Decide a dispute: `answer_stands` closes the inquiry with the disputed answer as final;
    `answer_again` assigns it anew (to `agency_id`, default the agency that answered)."""

    resolution: Literal["answer_stands", "answer_again"]
    reason: Reason
    agency_id: Slug | None = None

    @model_validator(mode="after")
    def _agency_only_to_answer_again(self) -> SettleDisputeIn:
        if self.agency_id and self.resolution != "answer_again":
            raise ValueError("agency_id is only for answer_again: when the answer stands nobody answers")
        return self


class DisputeIn(Strict):
    """The submitter does not accept the answer: the inquiry reopens until it is answered again or
    an operator or the coordinating office settles the dispute."""

    reason: Reason


OversightAction = ReassignIn | CloseIn | SettleDisputeIn
