"""The five kinds of inquiry, each with its own required fields (domain.md §3)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from citycomm_common.moments import AwareMoment, Day
from citycomm_intake.domain.fields import (
    Body,
    ContactIn,
    ShortText,
    Slug,
    Strict,
    Title,
    Urls,
    WardRef,
    line,
)


class PressRequestIn(Strict):
    """A press agency asks an agency for information (Decree 09/2017 Art. 6.3b)."""

    kind: Literal["press_request"] = "press_request"
    agency_id: Slug
    title: Title
    question: Body
    answer_on_press: bool = Field(
        False,
        description="written request of the press agency's head "
        "to answer on the press (Press Law 2016 Art. 39.1): 30 days",
    )
    petition_follow_up: bool = Field(
        False, description="what is being done about petitions the press forwarded (Press Law 2016 Art. 39.2)"
    )
    links: Urls = Field(default_factory=list)
    category: Slug | None = None
    ward: WardRef | None = None
    journalist: ShortText | None = Field(None, description="the reporter who asks")
    contact: ContactIn | None = Field(
        None, description="the journalist's phone or e-mail, told of its progress (SMS, Zalo, e-mail)")

    @model_validator(mode="after")
    def _one_legal_basis(self) -> PressRequestIn:
        if self.answer_on_press and self.petition_follow_up:
            raise ValueError("answer_on_press and petition_follow_up are separate requests; send two")
        return self


class BriefingQuestionIn(Strict):
    """A question raised at the weekly press briefing (giao ban báo chí), published by the Press Center."""

    kind: Literal["briefing_question"] = "briefing_question"
    briefing_date: Day
    agency_id: Slug
    title: Title
    question: Body
    asked_by: ShortText | None = Field(
        None, description="the reporter's press agency: its directory id (bao-tuoi-tre) or its name"
    )
    category: Slug | None = None
    journalist: ShortText | None = Field(None, description="the reporter who asked")


class MediaAlertIn(Strict):
    """Fake or harmful news needing official information within 24 hours: always urgent."""

    kind: Literal["media_alert"] = "media_alert"
    title: Title
    description: Body
    source_urls: Annotated[Urls, Field(min_length=1)]
    detected_at: AwareMoment | None = Field(None, description="when the news appeared (RFC 3339)")
    agency_id: Slug | None = None
    category: Slug | None = None
    ward: WardRef | None = None


class FeedbackIn(Strict):
    """Phản ánh, kiến nghị: a citizen's feedback on a matter in a ward."""

    category: Slug
    ward: WardRef
    title: Title
    description: Body
    contact: ContactIn | None = None


class CitizenFeedbackIn(FeedbackIn):
    kind: Literal["citizen_feedback"] = "citizen_feedback"


class RequesterIn(ContactIn):
    name: ShortText


class InformationRequestIn(Strict):
    """Yêu cầu cung cấp thông tin under the Access to Information Law 2016 (Art. 24, 29-31)."""

    kind: Literal["information_request"] = "information_request"
    agency_id: Slug
    title: Title
    description: Body
    channel: Literal["in_person", "electronic", "post"]
    complexity: Literal["simple", "complex"] = "simple"
    requester: RequesterIn
    postal_address: line(500) | None = Field(  # type: ignore[valid-type]
        None, description="the requester's postal address: required when channel is post; personal "
        "data, sent only to the answering agency"
    )

    @model_validator(mode="after")
    def _reachable(self) -> InformationRequestIn:
        if self.channel == "post" and not self.postal_address:
            raise ValueError("postal_address is required when the channel is post")
        if self.channel == "electronic" and not self.requester.email:
            raise ValueError("requester.email is required when the channel is electronic")
        return self


Submission = Annotated[
    PressRequestIn | BriefingQuestionIn | MediaAlertIn | CitizenFeedbackIn | InformationRequestIn,
    Field(discriminator="kind"),
]
AnySubmission = PressRequestIn | BriefingQuestionIn | MediaAlertIn | CitizenFeedbackIn | InformationRequestIn


# Fields added after Idempotency-Key records began: while unset they are left out of a request's
# fingerprint, so a retry of a request first sent before they existed still matches its first body.
ADDED_FIELDS = frozenset({"journalist"})


def unset_additions(submission: AnySubmission | FeedbackIn) -> set[str]:
    fields = type(submission).model_fields
    return {name for name in ADDED_FIELDS if name in fields and getattr(submission, name) is None}
