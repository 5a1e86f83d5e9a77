"""Open consultations at intake's public doors with in-memory adapters (issue 20, decision 0112): listed
on /gop-y and in the Open311-style listing, each with a page and a form to comment that records a
SubmitConsultationComment for routing, a late comment answered with routing's reason."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm.v1 import consultations_pb2 as pb
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_intake.app import create_app
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)
OPEN = reporting_pb2.ListedConsultation(
    consultation_id="c-1", title="Dự thảo quy định về vỉa hè", summary="Thu phí sử dụng tạm thời vỉa hè",
    drafting_agency_id="so-xay-dung", drafting_agency_name="Sở Xây dựng",
    opens_time=to_timestamp(datetime(2026, 3, 2, 1, tzinfo=UTC)),
    closes_time=to_timestamp(datetime(2026, 3, 23, 16, 59, tzinfo=UTC)),
    audiences=[pb.CONSULTATION_AUDIENCE_PRESS, pb.CONSULTATION_AUDIENCE_PUBLIC],
    document_links=["https://example.org/du-thao.pdf"], comments=3)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Rig:
    def __init__(self, client: TestClient, publisher: FakePublisher, reporting: FakeReporting) -> None:
        self.client, self.publisher, self.reporting = client, publisher, reporting

    def comment(self, **fields: str) -> object:
        page = self.client.get("/gop-y/du-thao/c-1")
        assert page.status_code == 200
        found = CSRF.search(page.text)
        assert found
        return self.client.post("/gop-y/du-thao/c-1", data={"csrf": found.group(1), **fields})


@pytest.fixture
def rig() -> Iterator[Rig]:
    settings = IntakeSettings(max_wait_seconds=0)  # routing's decision: asked once, not waited for
    publisher, reporting = FakePublisher(), FakeReporting()
    reporting.open_consultations.append(OPEN)
    container = intake_fakes.container(settings, publisher=publisher, reporting=reporting,
                                       clock=FakeClock(NOW))
    with TestClient(create_app(settings, container, serve_grpc=False)) as client:
        yield Rig(client, publisher, reporting)


def test_the_public_page_lists_the_drafts_open_to_the_public(rig: Rig) -> None:
    page = rig.client.get("/gop-y")
    assert page.status_code == 200
    assert "Dự thảo đang lấy ý kiến" in page.text and 'href="/gop-y/du-thao/c-1"' in page.text
    assert "Dự thảo quy định về vỉa hè" in page.text and "Sở Xây dựng" in page.text
    assert "23:59 23/03/2026" in page.text  # the close, in city time
    english = rig.client.get("/gop-y", params={"lang": "en"})
    assert "Drafts open for your comment" in english.text and "23 Mar 2026 23:59" in english.text
    rig.reporting.open_consultations.clear()
    assert "Dự thảo đang lấy ý kiến" not in rig.client.get("/gop-y", params={"lang": "vi"}).text
    rig.reporting.down = True  # the form still works without reporting
    down = rig.client.get("/gop-y", params={"lang": "vi"})
    assert down.status_code == 200 and 'id="consultations-unknown"' in down.text


def test_a_citizen_comments_on_the_page_recorded_for_routing(rig: Rig) -> None:
    page = rig.client.get("/gop-y/du-thao/c-1")
    assert "Thu phí sử dụng tạm thời vỉa hè" in page.text and "https://example.org/du-thao.pdf" in page.text
    answer = rig.comment(text="Nên miễn phí cho hộ kinh doanh nhỏ", article="Điều 5", theme="phí",
                         email="dan@example.vn")
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    assert "Chúng tôi đã nhận được góp ý của bạn" in answer.text  # type: ignore[attr-defined]
    [command] = rig.publisher.commands
    assert isinstance(command, pb.SubmitConsultationComment)
    assert (command.consultation_id, command.article, command.theme, command.channel) == (
        "c-1", "Điều 5", "phí", "public_page")
    assert command.audience == pb.CONSULTATION_AUDIENCE_PUBLIC and command.contact.email == "dan@example.vn"
    assert command.submitted_by.role == common_pb2.ROLE_CITIZEN


def test_a_late_comment_gets_routings_reason_and_bad_forms_their_errors(rig: Rig) -> None:
    rig.reporting.decide_every = reporting_pb2.CommandOutcome(
        outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
        reason="Đợt lấy ý kiến «Vỉa hè» đã kết thúc lúc 23:59 23/03/2026; không nhận góp ý. / The "
               "consultation «Vỉa hè» closed at 2026-03-23 23:59 (UTC+7); no more comments accepted."
               " (code: closed)")
    late = rig.comment(text="Trễ")
    assert late.status_code == 409  # type: ignore[attr-defined]
    assert "đã kết thúc lúc 23:59 23/03/2026; không nhận góp ý." in late.text  # type: ignore[attr-defined]
    empty = rig.comment(text="  ")
    assert empty.status_code == 422 and 'id="text-error"' in empty.text  # type: ignore[attr-defined]
    bad_mail = rig.comment(text="Ý kiến", email="không-phải-thư")
    assert bad_mail.status_code == 422 and 'id="email-error"' in bad_mail.text  # type: ignore[attr-defined]
    forged = rig.client.post("/gop-y/du-thao/c-1", data={"text": "Ý kiến", "csrf": "x"})
    assert forged.status_code == 400
    assert len(rig.publisher.commands) == 1  # the late one only
    gone = rig.client.get("/gop-y/du-thao/c-9")
    assert gone.status_code == 404 and "không còn lấy ý kiến" in gone.text


def test_the_open311_style_listing_names_where_to_comment(rig: Rig) -> None:
    listed = rig.client.get("/open311/v2/consultations.json")
    assert listed.status_code == 200
    [item] = listed.json()
    assert item["consultation_id"] == "c-1" and item["agency_responsible"] == "Sở Xây dựng"
    assert item["closes_datetime"] == "2026-03-23T16:59:00Z"  # as every Open311 moment: RFC 3339, UTC
    assert item["comment_url"].endswith("/v1/consultations/c-1/comments")
    assert item["page_url"].endswith("/gop-y/du-thao/c-1") and item["document_urls"] == [
        "https://example.org/du-thao.pdf"]
    xml = ET.fromstring(rig.client.get("/open311/v2/consultations.xml").content)
    assert xml.tag == "consultations" and xml.find("consultation/title").text == OPEN.title  # type: ignore[union-attr]
    assert xml.find("consultation/document_urls/url") is not None
    assert "GET consultations" in rig.client.get("/open311/v2/discovery.json").json()["extensions"]
    rig.reporting.down = True
    assert rig.client.get("/open311/v2/consultations.json").status_code == 503


@pytest.mark.parametrize("path", ["/gop-y/du-thao/c%20d", "/gop-y/du-thao/" + "x" * 65, "/gop-y/du-thao/ờ"])
def test_a_wrong_address_is_a_page_not_an_error(rig: Rig, path: str) -> None:
    for answer in (rig.client.get(path), rig.client.post(path, data={"text": "Ý kiến"})):
        assert answer.status_code == 404 and "không còn lấy ý kiến" in answer.text
    assert rig.publisher.commands == []
