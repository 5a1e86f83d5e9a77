"""gRPC ReportingService: look-ups, scoped listings, histories and command outcomes for intake.

Requests are upgraded first (an old client sends `status`/`kind` text, a new one the enums) and
responses carry the deprecated fields too (`with_legacy`), so intake of the previous release still
reads them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from citycomm.v1 import (
    attachments_pb2,
    common_pb2,
    consultations_pb2,
    events_pb2,
    reporting_pb2,
    reporting_pb2_grpc,
)
from citycomm_common.contracts import to_timestamp, upgrade, with_legacy
from citycomm_common.metrics import MeasureRPC
from citycomm_common.moments import parse_day, parse_moment
from citycomm_common.service_auth import RequireToken
from citycomm_common.vocabulary import CITY_ZONE, enum_name, enum_value
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.exports import is_overdue
from citycomm_reporting.domain.facts import utc
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.paging import BadPageToken, page_size
from citycomm_reporting.service_layer.consultations import consultations_of

KIND, ROLE = common_pb2.InquiryKind, common_pb2.Role
STATUS, OUTCOME = common_pb2.LifecycleStatus, common_pb2.CommandOutcomeState


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _stamp(value: datetime | None) -> Timestamp | None:
    return None if value is None else to_timestamp(utc(value))


def status_message(row: dict[str, Any], names: Mapping[str, str],
                   now: datetime) -> reporting_pb2.InquiryStatus:
    agency = row.get("agency_id") or ""
    return reporting_pb2.InquiryStatus(
        inquiry_id=row["inquiry_id"], tracking_code=_text(row["tracking_code"]),
        kind=enum_value(KIND, row.get("kind")), lifecycle_status=enum_value(STATUS, row["status"]),
        agency_id=agency, agency_name=names.get(agency, ""), due_time=_stamp(row["due_at"]),
        policy_id=_text(row["policy_id"]), legal_basis=_text(row["legal_basis"]),
        received_time=_stamp(row["received_at"]), updated_time=_stamp(row["updated_at"]),
        category=_text(row["category"]), ward_code=_text(row["ward_code"]), title=_text(row["title"]),
        submitted_by=common_pb2.Actor(role=enum_value(ROLE, row.get("submitter_role")),
                                      id=row.get("submitter_id") or ""),
        answer=_text(row["answer"]), refused=bool(row["refused"]),
        refusal_ground=_text(row["refusal_ground"]),
        answered_time=_stamp(row["answered_at"]), overdue=is_overdue(row, now),
        last_rejection=_text(row["last_rejection"]),
        co_handling_agency_ids=row.get("co_handling_agency_ids") or [],
        location=_place(row), media_url=_text(row.get("media_url")),
    )


def _place(row: dict[str, Any]) -> attachments_pb2.GeoPoint | None:
    lat, long = row.get("lat"), row.get("long")
    return None if lat is None or long is None else attachments_pb2.GeoPoint(lat=lat, long=long)


def with_case(status: reporting_pb2.InquiryStatus, assigned: events_pb2.InquiryAssigned) -> None:
    """The description, details and asker of the latest InquiryAssigned (stored without contact)."""
    status.description = assigned.description
    if assigned.details.ListFields():  # left unset when empty, as a citizen's case always was
        status.details.CopyFrom(assigned.details)
    if assigned.asked_by.ListFields():
        status.asked_by.CopyFrom(assigned.asked_by)


def names_nothing(request: reporting_pb2.ListInquiriesRequest) -> bool:
    """Whether the status or kind asked for is one no inquiry has, so the listing is empty.

    An old client's `status`/`kind` text was compared with the read model's columns as sent, so
    text that is not a LifecycleStatus/InquiryKind short name (`open`, `overdue`, a typo, capitals)
    matched no inquiry: there are no pseudo-statuses (overdue is `overdue_only`). `upgrade` leaves
    the enum unset for such text, which would list every inquiry, so it still lists none; so does
    an enum value newer than this code.
    """
    asked = ((request.status, request.lifecycle_status, STATUS), (request.kind, request.inquiry_kind, KIND))
    for text, value, enum_type in asked:
        name = enum_name(enum_type, value)
        if (value and not name) or (text and text != name):
            return True
    return False


def _moment(text: str, *, end: bool = False) -> datetime | None:
    """RFC 3339, or a local date (an end date includes its whole day)."""
    if not text:
        return None
    if len(text) == 10:
        day = parse_day(text) + timedelta(days=1 if end else 0)
        return datetime.combine(day, time(0), tzinfo=CITY_ZONE)
    moment = parse_moment(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=CITY_ZONE)


def listed_consultation(row: dict[str, Any], names: Mapping[str, str]) -> reporting_pb2.ListedConsultation:
    agency = row.get("drafting_agency_id") or ""
    return reporting_pb2.ListedConsultation(
        consultation_id=row["consultation_id"], title=_text(row.get("title")),
        summary=_text(row.get("summary")),
        drafting_agency_id=agency, drafting_agency_name=names.get(agency, ""),
        opens_time=_stamp(row.get("opens_at")), closes_time=_stamp(row.get("closes_at")),
        audiences=[enum_value(consultations_pb2.ConsultationAudience, a) for a in row.get("audiences") or []],
        document_links=row.get("document_links") or [], policy_id=_text(row.get("policy_id")),
        comments=row.get("comments") or 0)


class ReportingService(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, reporting: Container) -> None:
        self._inquiries, self._clock = reporting.inquiries, reporting.clock
        self._names = reporting.agency_names
        self._consultations = consultations_of(reporting.engine, reporting.clock)

    async def ListConsultations(self, request: reporting_pb2.ListConsultationsRequest,  # noqa: N802
                                context: grpc.aio.ServicerContext) -> reporting_pb2.ListConsultationsResponse:
        """Open for comment now, closing soonest first (issue 20); those put to `audience` if it is set."""
        audience = enum_name(consultations_pb2.ConsultationAudience, request.audience)
        rows = await self._consultations.open_now(request.drafting_agency_id, audience,
                                                  page_size(request.page_size or 200))
        return reporting_pb2.ListConsultationsResponse(
            consultations=[listed_consultation(r, self._names) for r in rows])

    async def GetInquiry(self, request: reporting_pb2.GetInquiryRequest,  # noqa: N802
                         context: grpc.aio.ServicerContext) -> reporting_pb2.InquiryStatus:
        row = await self._inquiries.find(inquiry_id=request.inquiry_id, tracking_code=request.tracking_code)
        if row is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such inquiry")
        found = status_message(row, self._names, self._clock.now())  # type: ignore[arg-type]
        if request.inquiry_id:  # the case only by id: a tracking code is all a citizen holds
            with_case(found, await self._inquiries.case(request.inquiry_id))
        return with_legacy(found)

    async def ListInquiries(self, request: reporting_pb2.ListInquiriesRequest,  # noqa: N802
                            context: grpc.aio.ServicerContext) -> reporting_pb2.ListInquiriesResponse:
        """Intake, the authenticated edge, sets the scope; empty agency and submitter is an operator's."""
        request = upgrade(request)
        if names_nothing(request):
            return with_legacy(reporting_pb2.ListInquiriesResponse())
        try:
            where = InquiryFilter(
                agency_id=request.agency_id, submitter_id=request.submitter_id,
                status=enum_name(STATUS, request.lifecycle_status),
                kind=enum_name(KIND, request.inquiry_kind), category=request.category,
                ward_code=request.ward_code, overdue_only=request.overdue_only,
                received_from=_moment(request.received_from),
                received_to=_moment(request.received_to, end=True))
            now = self._clock.now()
            rows, token = await self._inquiries.page(where, size=request.page_size,
                                                     token=request.page_token, now=now)
        except (BadPageToken, ValueError) as exc:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
        return with_legacy(reporting_pb2.ListInquiriesResponse(
            inquiries=[status_message(r, self._names, now) for r in rows], next_page_token=token))

    async def GetHistory(self, request: reporting_pb2.GetHistoryRequest,  # noqa: N802
                         context: grpc.aio.ServicerContext) -> reporting_pb2.History:
        entries = await self._inquiries.history(request.inquiry_id)
        if not entries:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such inquiry")
        # data_json keeps the shape the audit trail has always had (facts.stored_data).
        return with_legacy(reporting_pb2.History(entries=[reporting_pb2.HistoryEntry(
            event_id=e["event_id"], type=e["type"], occurred_time=_stamp(e["occurred_at"]),
            actor=common_pb2.Actor(role=enum_value(ROLE, e["actor_role"]), id=e["actor_id"] or ""),
            summary=e["summary"] or "", data_json=json.dumps(e["data"], ensure_ascii=False),
        ) for e in entries]))

    async def GetCommandOutcome(self, request: reporting_pb2.GetCommandOutcomeRequest,  # noqa: N802
                                context: grpc.aio.ServicerContext) -> reporting_pb2.CommandOutcome:
        """Not seen yet is "pending": routing has not answered, or we have not caught up."""
        found = await self._inquiries.command_outcome(request.command_id)
        if found is None:
            return with_legacy(reporting_pb2.CommandOutcome(
                command_id=request.command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_PENDING))
        return with_legacy(reporting_pb2.CommandOutcome(
            command_id=found["command_id"], outcome_state=enum_value(OUTCOME, found["state"]),
            reason=found["reason"] or "", event_type=found["event_type"], inquiry_id=found["inquiry_id"]))


async def start_grpc(reporting: Container, host: str, port: int) -> grpc.aio.Server:
    """Every call but health needs CITYCOMM_REPORTING_GRPC_TOKEN (reflection too: only intake calls)."""
    token = reporting.settings.reporting_grpc_token.get_secret_value()
    server = grpc.aio.server(interceptors=[MeasureRPC(), RequireToken(token)])  # refusals measured too
    reporting_pb2_grpc.add_ReportingServiceServicer_to_server(ReportingService(reporting), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = (reporting_pb2.DESCRIPTOR.services_by_name["ReportingService"].full_name,
             health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection.enable_server_reflection(names, server)
    server.add_insecure_port(f"{host}:{port}")
    await server.start()
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    return server
