"""Consultation events become webhooks (issue 20, decision 0114): opened and changed to the
audiences (the press: every press agency and the Press Center; named organisations in the
directory), closed and response published to the press, comments to the drafting agency; each
recipient once, with payloads that fit the committed contract."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1 import consultations_pb2 as cpb
from citycomm_common.codec import decode, encode
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import AgencyKind
from citycomm_notifications.domain.consultations import consultation_notices, press
from tests.support.notifications_fakes import directory
from tests.support.webhook_contract import violations

AT = to_timestamp(datetime(2026, 12, 4, 2, tzinfo=UTC))
DIRECTORY = directory()
PRESS = {a.id for a in DIRECTORY.agencies if a.kind in (AgencyKind.PRESS_AGENCY, AgencyKind.PRESS_CENTER)}


def draft(*audiences: int, organisations: tuple[str, ...] = ()) -> cpb.ConsultationDraft:
    return cpb.ConsultationDraft(
        title="Dự thảo Nghị quyết về phí trông giữ xe", summary="Mức phí mới",
        drafting_agency_id="so-tai-chinh",
        level=cpb.DOCUMENT_LEVEL_CITY, opens_time=AT, closes_time=AT, audiences=list(audiences),
        organisation_ids=list(organisations), document_links=["https://example.org/du-thao.pdf"])


def through_the_topic(message: cpb.ConsultationOpened | cpb.ConsultationChanged | cpb.ConsultationClosed
                      | cpb.ConsultationCommentReceived | cpb.ConsultationResponsePublished) -> object:
    record = encode(message, source="citycomm/routing", subject="c-1", event_id="ev-1")
    return decode(record.value, record.headers).message


def test_the_press_hears_of_every_step_and_the_drafting_agency_of_every_comment() -> None:
    assert "trung-tam-bao-chi" in PRESS and len(PRESS) >= 2 and set(press(DIRECTORY)) == PRESS
    opened = cpb.ConsultationOpened(consultation_id="c-1", draft=draft(cpb.CONSULTATION_AUDIENCE_PRESS),
                                    policy_id="city-2025", opened_time=AT, response_due_time=AT)
    comment = cpb.ConsultationCommentReceived(
        consultation_id="c-1", comment_id="k-1", drafting_agency_id="so-tai-chinh",
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre"),
        audience=cpb.CONSULTATION_AUDIENCE_PRESS,
        article="Điều 5", text="Mức phí quá cao", received_time=AT)
    cases = ((opened, "consultation.opened", PRESS),
             (cpb.ConsultationChanged(consultation_id="c-1", draft=draft(cpb.CONSULTATION_AUDIENCE_PRESS),
                                      changed_time=AT), "consultation.changed", PRESS),
             (cpb.ConsultationClosed(consultation_id="c-1", drafting_agency_id="so-tai-chinh", comments=3,
                                     closed_time=AT, response_due_time=AT), "consultation.closed", PRESS),
             (comment, "consultation.comment_received", {"so-tai-chinh"}),
             (cpb.ConsultationResponsePublished(consultation_id="c-1", drafting_agency_id="so-tai-chinh",
                                                response_url="https://example.org/tiep-thu.pdf", on_time=True,
                                                published_time=AT, response_due_time=AT),
              "consultation.response_published", PRESS))
    for message, event_type, recipients in cases:
        notices = consultation_notices(through_the_topic(message), "ev-1", DIRECTORY)  # type: ignore[arg-type]
        assert sorted(n.agency_id for n in notices) == sorted(recipients), event_type
        assert {n.type for n in notices} == {event_type} and {n.source_id for n in notices} == {"ev-1"}
        assert {n.inquiry_id for n in notices} == {"c-1"}
        data = notices[0].data
        assert data["consultation_id"] == "c-1" and data["headline"]["vi"] and data["headline"]["en"]
        body = {"type": event_type, "timestamp": "2026-12-04T14:00:00+07:00", "data": data}
        assert violations(body) == [], event_type
    data = consultation_notices(opened, "ev-1", DIRECTORY)[0].data
    assert data["draft"]["audiences"] == ["press"] and data["opened_at"] == "2026-12-04T09:00:00+07:00"


def test_a_draft_not_put_to_the_press_goes_to_its_named_organisations_only_those_in_the_directory() -> None:
    opened = cpb.ConsultationOpened(consultation_id="c-2", draft=draft(
        cpb.CONSULTATION_AUDIENCE_PUBLIC, cpb.CONSULTATION_AUDIENCE_ORGANISATIONS,
        organisations=("so-tu-phap", "so-tu-phap", "hoi-khong-co")))
    assert [n.agency_id for n in consultation_notices(opened, "ev-2", DIRECTORY)] == ["so-tu-phap"]
    public_only = cpb.ConsultationOpened(consultation_id="c-3", draft=draft(cpb.CONSULTATION_AUDIENCE_PUBLIC))
    assert consultation_notices(public_only, "ev-3", DIRECTORY) == []
    answered = cpb.ConsultationResponsePublished(consultation_id="c-2", drafting_agency_id="so-tai-chinh",
                                                 commenter_ids=["so-tu-phap", "bao-tuoi-tre", "hoi-khong-co"])
    assert sorted(n.agency_id for n in consultation_notices(answered, "ev-5", DIRECTORY)) == sorted(
        {*PRESS, "so-tu-phap"})
    assert consultation_notices(events_pb2.InquiryAssigned(inquiry_id="i-1"), "ev-4", DIRECTORY) == []
