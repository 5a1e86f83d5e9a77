"""What callers send about consultations on draft documents (decision 0113), checked at the door and
turned into consultation commands; routing applies the law's rules and decides."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.contracts import to_timestamp
from citycomm_common.moments import AwareMoment
from citycomm_intake.domain.errors import IntakeError
from citycomm_intake.domain.fields import ContactIn
from citycomm_intake.domain.principals import Principal, Role

Audience = Literal["press", "public", "organisations"]
AUDIENCES = {"press": pb.CONSULTATION_AUDIENCE_PRESS, "public": pb.CONSULTATION_AUDIENCE_PUBLIC,
             "organisations": pb.CONSULTATION_AUDIENCE_ORGANISATIONS}
LEVELS = {"city": pb.DOCUMENT_LEVEL_CITY, "national": pb.DOCUMENT_LEVEL_NATIONAL}
CONSULTATION_ID = r"^[0-9A-Za-z-]{1,64}$"  # a consultation's id in a path or a bulk item
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(min_length=1, max_length=300)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DraftIn(_Body):
    """A draft put to consultation; the period must satisfy the policy in force when it opens."""

    title: Text
    summary: str = Field(min_length=1, max_length=5000)
    drafting_agency_id: Id | None = Field(default=None, description="the caller's own agency if omitted")
    level: Literal["city", "national"] = "city"
    opens_at: AwareMoment | None = Field(default=None, description="now if omitted")
    closes_at: AwareMoment
    audiences: list[Audience] = Field(min_length=1, max_length=3)
    organisation_ids: list[Id] = Field(default=[], max_length=100)
    document_links: list[AnyHttpUrl] = Field(default=[], max_length=20)
    large_impact: bool = Field(default=False, description="Decision 407/QĐ-TTg: the press must be asked")


class CommentIn(_Body):
    """One comment on an open consultation."""

    text: str = Field(min_length=1, max_length=5000)
    article: str = Field(default="", max_length=100, description='the article commented on, e.g. "Điều 5"')
    theme: str = Field(default="", max_length=100)
    contact: ContactIn | None = Field(
        default=None, description="a phone or e-mail to receive the drafting agency's response (decision "
        "0116); personal data: never in reports, exports or the drafting agency's webhook")


class ResponseIn(_Body):
    """The drafting agency's summary of comments and response (báo cáo tổng hợp, giải trình, tiếp thu)."""

    response_url: AnyHttpUrl
    summary: str = Field(default="", max_length=5000)


class ConsultationRefused(IntakeError):
    """Routing refused a consultation command; status and both reasons are routing's."""

    code, title = "consultation_refused", "Consultation command refused"

    def __init__(self, status: int, detail: str, detail_vi: str, reason_code: str = "") -> None:
        super().__init__(detail, detail_vi)
        self.status = status
        self.reason_code = reason_code  # routing's: closed, not_yet_open, unknown_consultation, ...


def audience_of(principal: Principal) -> int:
    """Which audience a caller comments as: the press, an organisation (an agency's key), the public."""
    if principal.role in (Role.PRESS_AGENCY, Role.PRESS_CENTER):
        return pb.CONSULTATION_AUDIENCE_PRESS
    if principal.role is Role.AGENCY:
        return pb.CONSULTATION_AUDIENCE_ORGANISATIONS
    return pb.CONSULTATION_AUDIENCE_PUBLIC


def draft_message(body: DraftIn, principal: Principal, now: datetime) -> pb.ConsultationDraft:
    return pb.ConsultationDraft(
        title=body.title, summary=body.summary,
        drafting_agency_id=body.drafting_agency_id or principal.party_id, level=LEVELS[body.level],
        opens_time=to_timestamp(body.opens_at or now), closes_time=to_timestamp(body.closes_at),
        audiences=[AUDIENCES[a] for a in dict.fromkeys(body.audiences)],
        organisation_ids=body.organisation_ids, document_links=[str(u) for u in body.document_links],
        large_impact=body.large_impact)


def comment_command(body: CommentIn, principal: Principal, *, command_id: str, consultation_id: str,
                    now: datetime, channel: str) -> pb.SubmitConsultationComment:
    return pb.SubmitConsultationComment(
        command_id=command_id, consultation_id=consultation_id, comment_id=command_id,
        submitted_by=principal.actor(), audience=audience_of(principal),  # type: ignore[arg-type]
        article=body.article, theme=body.theme, text=body.text, received_time=to_timestamp(now),
        channel=channel, contact=_contact(body.contact))


def _contact(given: ContactIn | None) -> common_pb2.Contact | None:
    if given is None or not (given.phone or given.email):
        return None
    return common_pb2.Contact(name=given.name or "", phone=given.phone or "", email=str(given.email or ""),
                              language=given.language or "")
