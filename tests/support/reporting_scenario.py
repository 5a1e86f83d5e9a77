"""A seeded month for reporting's tests: seven inquiries in May 2026, one crossing 30/4–1/5.

Every figure the tests expect is computed by hand in tests/integration/test_reporting_aggregates.py.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from fastapi import FastAPI
from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common import problems
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.adapters.store import ReadModel
from citycomm_reporting.bootstrap import Container, build
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.domain.reports import ReportRecord
from citycomm_reporting.entrypoints.routes import routers
from citycomm_reporting.settings import ReportingSettings

CITY = CITY_ZONE
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=CITY)
AGENCY_A, AGENCY_B = "so-xay-dung", "ubnd-26740"
PRESS = "bao-tuoi-tre"
KIND = common_pb2.InquiryKind


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CITY)


def end_of(*day: int) -> datetime:
    return datetime(*day, 23, 59, 59, 999999, tzinfo=CITY)


def deadline(due: datetime, policy_id: str = "p", legal_basis: str = "law") -> common_pb2.Deadline:
    return common_pb2.Deadline(policy_id=policy_id, legal_basis=legal_basis, due_time=to_timestamp(due))


def citizen() -> common_pb2.Actor:
    return common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)


def press() -> common_pb2.Actor:
    return common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id=PRESS)


def agency(agency_id: str) -> common_pb2.Actor:
    return common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id=agency_id)


def lifecycle(inquiry_id: str, *, agency_id: str, kind: int, category: str, ward: str, channel: str,
              received: datetime, due: datetime, answered: datetime | None = None, refused: bool = False,
              actor: common_pb2.Actor | None = None, briefing_date: str = "") -> list[Message]:
    """Submitted, assigned and (maybe) answered, as routing would write them (typed fields only:
    the codec adds the deprecated ones on the wire)."""
    submitted = events_pb2.InquirySubmitted(
        inquiry_id=inquiry_id, tracking_code=f"HCM-{inquiry_id.upper()}", kind=kind,
        submitted_by=actor or citizen(), received_time=to_timestamp(received), channel=channel,
        title=f"Title of {inquiry_id}", description="Nhà tôi ở số 12, gọi 0903 000 000",
        category=category, ward_code=ward, command_id=f"{inquiry_id}-submit",
        contact=common_pb2.Contact(name="Nguyễn Văn A", phone="0903000000", email="a@example.vn"),
        attributes={"briefing_date": briefing_date} if briefing_date else {})
    assigned = events_pb2.InquiryAssigned(
        inquiry_id=inquiry_id, agency_id=agency_id, kind=kind, category=category, ward_code=ward,
        tracking_code=f"HCM-{inquiry_id.upper()}", title=f"Title of {inquiry_id}",
        deadline=deadline(due), assigned_time=to_timestamp(received), command_id=f"{inquiry_id}-submit",
        contact=common_pb2.Contact(name="Nguyễn Văn A", phone="0903000000"))
    events: list[Message] = [submitted, assigned]
    if answered is not None:
        events.append(events_pb2.InquiryAnswered(
            inquiry_id=inquiry_id, agency_id=agency_id, answer="Đã xử lý", refused=refused,
            refusal_ground="investigation" if refused else "", answered_time=to_timestamp(answered),
            command_id=f"{inquiry_id}-answer", actor=agency(agency_id)))
    return events


def scenario_messages() -> list[tuple[str, Message]]:
    """(event id, message) in the order routing and notifications would write them."""
    web, api = "web", "api"
    inquiries = [
        # Crosses 30/4, 1/5 and a weekend: 8.0 office hours, 120 calendar hours.
        lifecycle("i1", agency_id=AGENCY_A, kind=KIND.INQUIRY_KIND_CITIZEN_FEEDBACK, category="noise",
                  ward="26740", channel=web, received=at(2026, 4, 29, 9), due=end_of(2026, 5, 6),
                  answered=at(2026, 5, 4, 9)),
        lifecycle("i2", agency_id=AGENCY_A, kind=KIND.INQUIRY_KIND_CITIZEN_FEEDBACK, category="noise",
                  ward="26743", channel=web, received=at(2026, 5, 4, 8), due=end_of(2026, 5, 8),
                  answered=at(2026, 5, 11, 10)),
        lifecycle("i3", agency_id=AGENCY_A, kind=KIND.INQUIRY_KIND_PRESS_REQUEST, category="roads",
                  ward="26740", channel=api, received=at(2026, 5, 5, 14), due=end_of(2026, 5, 12),
                  answered=at(2026, 5, 6, 14), refused=True, actor=press()),
        lifecycle("i4", agency_id=AGENCY_A, kind=KIND.INQUIRY_KIND_PRESS_REQUEST, category="roads",
                  ward="26743", channel=api, received=at(2026, 5, 6, 9), due=end_of(2026, 5, 13),
                  actor=press()),
        lifecycle("i5", agency_id=AGENCY_B, kind=KIND.INQUIRY_KIND_CITIZEN_FEEDBACK, category="noise",
                  ward="26740", channel=web, received=at(2026, 5, 7, 9), due=end_of(2026, 5, 25)),
        lifecycle("i6", agency_id=AGENCY_B, kind=KIND.INQUIRY_KIND_BRIEFING_QUESTION, category="noise",
                  ward="26740", channel=api, received=at(2026, 5, 14, 15), due=end_of(2026, 5, 19),
                  answered=at(2026, 5, 15, 9), actor=press(), briefing_date="2026-05-14"),
        lifecycle("i7", agency_id=AGENCY_B, kind=KIND.INQUIRY_KIND_CITIZEN_FEEDBACK, category="roads",
                  ward="26743", channel="phone", received=at(2026, 5, 8, 10), due=end_of(2026, 5, 12),
                  answered=at(2026, 5, 15, 16)),
    ]
    extension = events_pb2.DeadlineExtended(
        inquiry_id="i7", agency_id=AGENCY_B, reason="needs site visit",
        previous_due_time=to_timestamp(end_of(2026, 5, 12)), deadline=deadline(end_of(2026, 5, 15)),
        extended_time=to_timestamp(at(2026, 5, 11, 9)), command_id="i7-extend")
    inquiries[6].insert(2, extension)
    signals: list[Message] = [
        events_pb2.WebhookFailed(delivery_id="d1", inquiry_id="i2", agency_id=AGENCY_A, endpoint_id="e",
                                 event_type="inquiry.assigned", attempts=3, status_code=500,
                                 failed_time=to_timestamp(at(2026, 5, 4, 8, 1))),
        events_pb2.NoticeSent(notice_id="n1", inquiry_id="i4", agency_id=AGENCY_A, stage="reminder_half",
                              recipients=[AGENCY_A], due_time=to_timestamp(end_of(2026, 5, 13)),
                              sent_time=to_timestamp(at(2026, 5, 10, 9))),
        events_pb2.NoticeSent(notice_id="n2", inquiry_id="i4", agency_id=AGENCY_A, stage="overdue",
                              recipients=[AGENCY_A, "vp-ubnd"], due_time=to_timestamp(end_of(2026, 5, 13)),
                              sent_time=to_timestamp(at(2026, 5, 14, 0, 5))),
        events_pb2.NoticeSent(notice_id="n3", inquiry_id="i5", agency_id=AGENCY_B, stage="reminder_half",
                              recipients=[AGENCY_B], due_time=to_timestamp(end_of(2026, 5, 25)),
                              sent_time=to_timestamp(at(2026, 5, 16, 9))),
    ]
    messages = [m for events in inquiries for m in events] + signals
    return [(f"{getattr(m, 'inquiry_id', '')}-{type(m).__name__}-{n}", m) for n, m in enumerate(messages)]


def scenario_facts() -> list[Fact]:
    written = datetime(2026, 5, 20, tzinfo=UTC)
    return [fact_from(m, event_id=event_id, subject=m.inquiry_id, written_at=written)  # type: ignore[attr-defined]
            for event_id, m in scenario_messages()]


OPERATOR_TOKEN = "operator-token-for-tests-0123456789"
AGENCY_TOKEN = "agency-a-token-for-tests"
PRESS_TOKEN = "press-token-for-tests"


def settings_for_tests(**overrides: object) -> ReportingSettings:
    """Settings with one token of each kind (scoped ones stored hashed, as in production)."""
    hashed = {hashlib.sha256(t.encode()).hexdigest(): scope for t, scope in
              ((AGENCY_TOKEN, f"agency:{AGENCY_A}"), (PRESS_TOKEN, f"press_agency:{PRESS}"))}
    return ReportingSettings(operator_token=OPERATOR_TOKEN, access_tokens=hashed,  # type: ignore[arg-type]
                             ranking_min_volume=2, **overrides)  # type: ignore[arg-type]


class CollectingPublisher:
    """Keeps what would have gone to reports.published."""

    def __init__(self) -> None:
        self.published: list[ReportRecord] = []

    async def publish(self, record: ReportRecord) -> None:
        self.published.append(record)


def seeded_reporting(model: ReadModel, clock: FakeClock | None = None,
                     settings: ReportingSettings | None = None) -> Container:
    """Reporting on `model`'s database, publishing into a CollectingPublisher (container.publisher)."""
    names = {AGENCY_A: "Sở Xây dựng", AGENCY_B: "UBND phường Sài Gòn"}
    return build(settings or settings_for_tests(), publisher=CollectingPublisher(),
                 clock=clock or FakeClock(NOW), calendar=model.calendar, engine=model.engine,
                 agency_names=names)


def api(deps: Container) -> FastAPI:
    app = FastAPI()
    problems.install(app)  # errors as reporting serves them (stream_service_api)
    for router in routers():
        app.include_router(router)
    app.state.reporting = deps
    return app
