"""Two consultations for reporting's tests (issue 20), around reporting_scenario's NOW (20 May 2026):

- c1, AGENCY_A's draft on pavements, open 4–15 May to the press and the public (changed on 6 May):
  four comments (press and public on Điều 5, the public on Điều 7, an organisation on a theme), one
  late comment refused on 16 May, closed at 00:00 on 16 May, its response due 29 May and published
  on 19 May (on time).
- c2, AGENCY_B's draft on markets, open 18 May – 10 June to the press: one press comment on 19 May.
"""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.domain.facts import Fact, fact_from
from tests.support.reporting_scenario import AGENCY_A, AGENCY_B, NOW, PRESS, at, end_of

PRESS_A, PUBLIC, ORGS = (pb.CONSULTATION_AUDIENCE_PRESS, pb.CONSULTATION_AUDIENCE_PUBLIC,
                         pb.CONSULTATION_AUDIENCE_ORGANISATIONS)
ORGANISATION = "hoi-luat-gia"
POLICY = "consultation-city-2025"
CONTACT_PHONE, CONTACT_EMAIL = "0909123456", "dan@example.vn"


def draft(title: str, agency_id: str, opens: datetime, closes: datetime,
          *audiences: int) -> pb.ConsultationDraft:
    return pb.ConsultationDraft(title=title, summary="Tóm tắt", drafting_agency_id=agency_id,
                                level=pb.DOCUMENT_LEVEL_CITY, opens_time=to_timestamp(opens),
                                closes_time=to_timestamp(closes), audiences=list(audiences),
                                document_links=["https://example.gov.vn/du-thao.pdf"])


def comment(consultation_id: str, comment_id: str, when: datetime, audience: int, *, article: str = "",
            theme: str = "", agency_id: str = AGENCY_A,
            by: common_pb2.Actor | None = None) -> pb.ConsultationCommentReceived:
    return pb.ConsultationCommentReceived(
        consultation_id=consultation_id, command_id=f"cmd-{comment_id}", comment_id=comment_id,
        drafting_agency_id=agency_id, submitted_by=by or common_pb2.Actor(role=common_pb2.ROLE_CITIZEN),
        audience=audience, article=article, theme=theme, text="Ý kiến", received_time=to_timestamp(when),
        **with_contact(by))


def with_contact(by: common_pb2.Actor | None) -> dict[str, common_pb2.Contact]:
    """A citizen's comment carries their contact where the event has the field (decision 0116): the
    read model must not keep it (decision 0008)."""
    has = "contact" in pb.ConsultationCommentReceived.DESCRIPTOR.fields_by_name
    contact = common_pb2.Contact(phone=CONTACT_PHONE, email=CONTACT_EMAIL)
    return {"contact": contact} if has and by is None else {}


def consultation_messages() -> list[Message]:
    c1 = draft("Quản lý vỉa hè", AGENCY_A, at(2026, 5, 4, 8), end_of(2026, 5, 15), PRESS_A, PUBLIC)
    changed = pb.ConsultationDraft()
    changed.CopyFrom(c1)
    changed.title = "Quản lý và sử dụng vỉa hè"
    press = common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id=PRESS)
    return [
        pb.ConsultationOpened(consultation_id="c1", command_id="o1", draft=c1, policy_id=POLICY,
                              opened_time=to_timestamp(at(2026, 5, 4, 8)),
                              response_due_time=to_timestamp(end_of(2026, 5, 29))),
        pb.ConsultationChanged(consultation_id="c1", command_id="ch1", draft=changed,
                               policy_id="consultation-city-2025", reason="tên rõ hơn",
                               changed_time=to_timestamp(at(2026, 5, 6, 9)),
                               response_due_time=to_timestamp(end_of(2026, 5, 29))),
        comment("c1", "k1", at(2026, 5, 5, 10), PRESS_A, article="Điều 5", theme="vỉa hè", by=press),
        comment("c1", "k2", at(2026, 5, 5, 23, 30), PUBLIC, article="Điều 5"),
        comment("c1", "k3", at(2026, 5, 7, 9), PUBLIC, article="Điều 7"),
        comment("c1", "k4", at(2026, 5, 12, 9), ORGS, theme="phí",
                by=common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id=ORGANISATION)),
        pb.ConsultationCommandRefused(consultation_id="c1", command_id="cmd-late", comment_id="late",
                                      code="closed",
                                      detail_vi="đã kết thúc", detail="closed", status=409,
                                      refused_time=to_timestamp(at(2026, 5, 16, 9))),
        pb.ConsultationClosed(consultation_id="c1", command_id="cl1", drafting_agency_id=AGENCY_A,
                              policy_id="consultation-city-2025", comments=4,
                              closed_time=to_timestamp(at(2026, 5, 16)),
                              response_due_time=to_timestamp(end_of(2026, 5, 29))),
        pb.ConsultationResponsePublished(consultation_id="c1", command_id="r1", drafting_agency_id=AGENCY_A,
                                         response_url="https://example.gov.vn/tiep-thu.pdf", on_time=True,
                                         published_time=to_timestamp(at(2026, 5, 19, 10)),
                                         response_due_time=to_timestamp(end_of(2026, 5, 29)),
                                         commenter_ids=[PRESS, ORGANISATION]),
        pb.ConsultationOpened(consultation_id="c2", command_id="o2",
                              draft=draft("Chợ truyền thống", AGENCY_B, at(2026, 5, 18, 8),
                                          end_of(2026, 6, 10), PRESS_A),
                              policy_id=POLICY, opened_time=to_timestamp(at(2026, 5, 18, 8)),
                              response_due_time=to_timestamp(end_of(2026, 6, 24))),
        comment("c2", "k5", at(2026, 5, 19, 15), PRESS_A, article="Điều 2", agency_id=AGENCY_B, by=press),
    ]


def consultation_facts() -> list[Fact]:
    """As reporting's consumer makes them: keyed (subject) by consultation id, written at NOW."""
    return [fact_from(m, event_id=f"ce{n}", subject=m.consultation_id, written_at=NOW)  # type: ignore[attr-defined]
            for n, m in enumerate(consultation_messages())]
