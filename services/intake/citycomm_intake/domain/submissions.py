"""What a citizen may submit, validated and normalised, and the command it becomes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.text import normalize_text

Text = Annotated[str, AfterValidator(normalize_text)]


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[Text, Field(max_length=200)] | None = None
    phone: Annotated[str, Field(max_length=20, pattern=r"^\+?[0-9 .()-]{6,20}$")] | None = None
    email: EmailStr | None = None


class FeedbackIn(BaseModel):
    """Phản ánh, kiến nghị: a citizen's feedback on a matter in a ward."""

    model_config = ConfigDict(extra="forbid")
    category: Annotated[str, Field(min_length=1, max_length=64)]
    ward: Annotated[Text, Field(min_length=1, max_length=100,
                                description="official ward code or name, e.g. 26734 or 'Phường Sài Gòn'")]
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Annotated[Text, Field(min_length=1, max_length=5000)]
    contact: ContactIn | None = None


def feedback_command(feedback: FeedbackIn, *, inquiry: str, code: str, ward_code: str,
                     actor: common_pb2.Actor, channel: str, received: datetime) -> commands_pb2.SubmitInquiry:
    contact = feedback.contact or ContactIn()
    return commands_pb2.SubmitInquiry(
        command_id=derived_id(inquiry, "submit"), inquiry_id=inquiry, tracking_code=code,
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, submitted_by=actor,
        received_at=rfc3339(received), channel=channel, title=feedback.title,
        description=feedback.description, category=feedback.category, ward_code=ward_code,
        contact=common_pb2.Contact(name=contact.name or "", phone=contact.phone or "",
                                   email=str(contact.email or "")),
    )
