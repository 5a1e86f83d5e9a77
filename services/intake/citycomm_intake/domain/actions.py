"""What an agency may ask of an inquiry; each becomes a command that routing accepts or rejects."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from citycomm_intake.domain.fields import Body, Reason, Slug, Strict, Urls

# Grounds on which an agency may refuse (Press Law 2016 Art. 38; Decree 09/2017 Art. 8;
# Access to Information Law 2016 Art. 6, 7 and 28). A refusal counts as an answer.
REFUSAL_GROUNDS: dict[str, str] = {
    "state_secret": "state secret (Press Law 2016 Art. 38; Decree 09/2017 Art. 8.1)",
    "party_secret": "Party secret (Decree 09/2017 Art. 8.1)",
    "personal_secret": "personal or family secret (Decree 09/2017 Art. 8.1)",
    "under_investigation": "case under investigation or not yet tried (Decree 09/2017 Art. 8.2)",
    "inspection_or_dispute_pending": "inspection, complaint or dispute not yet concluded "
    "(Decree 09/2017 Art. 8.3)",
    "draft_policy": "draft policy not yet cleared for release (Decree 09/2017 Art. 8.4)",
    "information_not_accessible": "information citizens may not access "
    "(Access to Information Law 2016 Art. 6)",
    "conditions_not_met": "conditional access whose conditions are not met "
    "(Access to Information Law 2016 Art. 7)",
    "request_ineligible": "request refused under Access to Information Law 2016 Art. 28",
}
RefusalGround = Literal[tuple(REFUSAL_GROUNDS)]  # type: ignore[valid-type]


class AcknowledgeIn(Strict):
    """Tiếp nhận: the assigned agency has seen the inquiry."""

    note: Reason | None = None


class AnswerIn(Strict):
    """The answer, or a refusal on one of the legal grounds (it still counts as answered)."""

    answer: Body
    links: Urls = Field(default_factory=list)
    refused: bool = False
    refusal_ground: RefusalGround | None = Field(  # type: ignore[valid-type]
        None,
        description="required when refused: " + "; ".join(f"{k}: {v}" for k, v in REFUSAL_GROUNDS.items()),
    )

    @model_validator(mode="after")
    def _ground_with_refusal(self) -> AnswerIn:
        if self.refused and not self.refusal_ground:
            raise ValueError("refusal_ground is required when refused is true")
        if self.refusal_ground and not self.refused:
            raise ValueError("refusal_ground is only for refusals (refused: true)")
        return self


class TransferIn(Strict):
    """The matter is outside the agency's competence (Decree 20/2008 Art. 9)."""

    reason: Reason
    suggested_agency_id: Slug | None = None


class ExtensionIn(Strict):
    """More time, at most what the deadline policy allows, once."""

    reason: Reason


ActionName = Literal["acknowledge", "answer", "transfer", "extension"]
