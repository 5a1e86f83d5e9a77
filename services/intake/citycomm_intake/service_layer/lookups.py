"""Looking inquiries up in reporting's read model, each caller seeing only what it may."""

from __future__ import annotations

from citycomm.v1 import consultations_pb2, reporting_pb2
from citycomm_intake.domain import access
from citycomm_intake.domain.errors import Invalid, NotFound, Unauthenticated
from citycomm_intake.domain.identity import normalize_tracking_code
from citycomm_intake.domain.principals import Principal
from citycomm_intake.service_layer.ports import Reporting, read

PUBLIC_CONSULTATIONS = 200  # open to the public at once: a city consults on a few drafts a month


class Lookups:
    def __init__(self, *, reporting: Reporting, retry_after: int = 5) -> None:
        self.reporting, self.retry_after = reporting, retry_after

    async def inquiry(self, principal: Principal, inquiry: str) -> reporting_pb2.InquiryStatus:
        if principal.anonymous:
            raise Unauthenticated(
                "An API key is required; citizens look up by tracking code.",
                "Cần có khóa API; người dân tra cứu bằng mã tra cứu.",
            )
        found = await read(self.reporting.inquiry(inquiry_id=inquiry), self.retry_after)
        if found is None or not access.may_see(principal, found):
            raise NotFound("No inquiry with this id is visible to you.", "Không tìm thấy yêu cầu.")
        return found

    async def track(self, code: str) -> reporting_pb2.InquiryStatus:
        try:
            normalized = normalize_tracking_code(code)
        except ValueError as exc:
            raise NotFound("No inquiry has this tracking code.", "Không có yêu cầu nào với mã này.") from exc
        found = await read(self.reporting.inquiry(tracking_code=normalized), self.retry_after)
        if found is None:
            raise NotFound("No inquiry has this tracking code (yet).", "Chưa có yêu cầu nào với mã này.")
        return access.public(found)

    async def inquiries(
        self,
        principal: Principal,
        request: reporting_pb2.ListInquiriesRequest,
        agency_id: str = "",
        *,
        matches_nothing: bool = False,
    ) -> reporting_pb2.ListInquiriesResponse:
        """`matches_nothing`: a filter names a status or kind no inquiry has (domain.filters)."""
        scoped = access.list_scope(principal, agency_id)
        if matches_nothing:
            return reporting_pb2.ListInquiriesResponse()
        request = reporting_pb2.ListInquiriesRequest(
            lifecycle_status=request.lifecycle_status,
            inquiry_kind=request.inquiry_kind,
            page_size=request.page_size,
            page_token=request.page_token,
            agency_id=scoped.agency_id,
            submitter_id=scoped.submitter_id,
            category=request.category,
            ward_code=request.ward_code,
            overdue_only=request.overdue_only,
            received_from=request.received_from,
            received_to=request.received_to,
        )
        return await self._page(request)

    async def public_feedback(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse:
        """Citizens' feedback listed for anyone (Open311 without a key): show only its public fields."""
        return await self._page(access.public_listing(request))

    async def public_feedback_item(self, inquiry_id: str) -> reporting_pb2.InquiryStatus:
        """One citizen's feedback by inquiry id, for anyone: show only its public fields."""
        found = await read(self.reporting.inquiry(inquiry_id=inquiry_id), self.retry_after)
        if found is None or not access.is_public(found):
            raise NotFound("No citizen's feedback has this id.", "Không có phản ánh nào với mã này.")
        return found

    async def open_consultations(self) -> list[reporting_pb2.ListedConsultation]:
        """Consultations open to the public for comment now, closing soonest first (issue 20)."""
        request = reporting_pb2.ListConsultationsRequest(
            audience=consultations_pb2.CONSULTATION_AUDIENCE_PUBLIC, page_size=PUBLIC_CONSULTATIONS)
        return list((await read(self.reporting.consultations(request), self.retry_after)).consultations)

    async def _page(self, request: reporting_pb2.ListInquiriesRequest) -> reporting_pb2.ListInquiriesResponse:
        try:
            return await read(self.reporting.inquiries(request), self.retry_after)
        except ValueError as exc:
            raise Invalid.field("page_token", str(exc), "Con trỏ trang không hợp lệ.") from exc
