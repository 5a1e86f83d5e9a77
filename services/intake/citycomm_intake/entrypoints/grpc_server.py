"""gRPC IntakeService and its health service (app.py serves them beside uvicorn, on one event loop).

Clients of either release are served: requests are read with their typed fields filled from the
deprecated ones (`upgrade`; a submission's times: grpc_convert), answers carry both (`with_legacy`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict
from typing import Any, NoReturn, TypeAlias, TypeVar

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2

from citycomm.v1 import common_pb2, intake_pb2, intake_pb2_grpc, reporting_pb2
from citycomm_common.clients import TrustedProxies, parse_address
from citycomm_common.contracts import upgrade, with_legacy
from citycomm_intake.bootstrap import Container
from citycomm_intake.domain import geo
from citycomm_intake.domain.actions import AcknowledgeIn, AnswerIn, ExtensionIn, TransferIn
from citycomm_intake.domain.errors import IntakeError, Invalid, OutcomeUnknown, Unauthenticated
from citycomm_intake.domain.filters import by_name, is_known
from citycomm_intake.domain.oversight import CloseIn, DisputeIn, ReassignIn, SettleDisputeIn
from citycomm_intake.domain.principals import Principal
from citycomm_intake.entrypoints import grpc_convert as convert
from citycomm_intake.entrypoints.grpc_bulk import bulk_comment, bulk_submit
from citycomm_intake.entrypoints.views import state_name
from citycomm_intake.service_layer.consultations import Consultations

M = TypeVar("M", bound=Message)
SERVICE = intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name
Context: TypeAlias = grpc.aio.ServicerContext


async def fail(context: Context, exc: IntakeError) -> NoReturn:
    trailing = [("retry-after", str(exc.retry_after))] if exc.retry_after else []
    if isinstance(exc, OutcomeUnknown):  # the key to retry with, and what the inquiry will be
        trailing += [(name.replace("_", "-"), value) for name, value in asdict(exc.retry).items()]
    if trailing:
        context.set_trailing_metadata(tuple(trailing))
    await context.abort(
        convert.STATUS.get(exc.status, grpc.StatusCode.INVALID_ARGUMENT), convert.details(exc)
    )
    raise AssertionError("grpc's abort raises")  # typed -> None in grpc.aio, it never returns


def peer_client(context: Context, trusted: TrustedProxies) -> str:
    """The caller's address (`ipv4:a.b.c.d:port`, `ipv6:[…]:port`), or the client a trusted proxy
    names in x-forwarded-for."""
    peer = (context.peer() or "unknown").split(":", 1)[-1]
    return trusted.client(str(parse_address(peer) or peer), metadata(context, "x-forwarded-for"))


def metadata(context: Context, name: str) -> str | None:
    for key, value in context.invocation_metadata() or ():
        if key == name:
            return value if isinstance(value, str) else value.decode()
    return None


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, container: Container) -> None:
        self.settings = container.settings
        self.callers, self.submissions = container.callers, container.submissions
        self.attachments, self.bounds = container.attachments, container.bounds
        self.actions, self.lookups = container.actions, container.lookups
        self.trusted = TrustedProxies(container.settings.trusted_proxies)

    async def caller(self, context: Context) -> Principal:
        presented = (metadata(context, "authorization") or "").removeprefix("Bearer ").strip()
        return await self.callers.identify(
            presented or metadata(context, "x-api-key"), peer_client(context, self.trusted)
        )

    async def _run(self, context: Context, work: Callable[[], Awaitable[M]]) -> M:
        try:
            return with_legacy(await work())
        except IntakeError as exc:
            await fail(context, exc)

    async def Submit(self, request: intake_pb2.Submission, context: Context) -> intake_pb2.SubmissionReceipt:  # noqa: N802
        async def work() -> intake_pb2.SubmissionReceipt:
            principal = await self.caller(context)
            submission = convert.submission(request)
            key = convert.idempotency_key(request.idempotency_key)
            if key is None and not principal.anonymous:
                raise Invalid.field("idempotency_key", "is required", "Cần có idempotency_key.")
            place = request.location if request.HasField("location") else None
            point = geo.point(place.lat, place.long, self.bounds) if place is not None else None
            if request.attachments:
                self.submissions.check(principal, submission)  # refused before any file is stored
            refs = await self.attachments.store(list(request.attachments))
            receipt = await self.submissions.submit(principal, submission, key, channel="grpc",
                                                    attachments=refs, location=point)
            return intake_pb2.SubmissionReceipt(
                inquiry_id=receipt.inquiry_id,
                tracking_code=receipt.tracking_code,
                command_id=receipt.command_id,
                lifecycle_status=common_pb2.LIFECYCLE_STATUS_SUBMITTED,
            )

        return await self._run(context, work)

    async def BulkSubmit(
        self,
        request_iterator: AsyncIterator[intake_pb2.Submission],  # noqa: N802
        context: Context,
    ) -> intake_pb2.BulkSubmitResponse:
        async def work() -> intake_pb2.BulkSubmitResponse:
            principal = await self.caller(context)
            if principal.anonymous:
                raise Unauthenticated("bulk submission needs an API key")
            return await bulk_submit(
                self.submissions, principal, request_iterator, self.settings.max_bulk_items
            )

        return await self._run(context, work)

    async def BulkComment(
        self,
        request_iterator: AsyncIterator[intake_pb2.ConsultationComment],  # noqa: N802
        context: Context,
    ) -> intake_pb2.BulkCommentResponse:
        async def work() -> intake_pb2.BulkCommentResponse:
            principal = await self.caller(context)
            if principal.anonymous:
                raise Unauthenticated("bulk comments need an API key", "Gửi góp ý hàng loạt cần khóa API.")
            return await bulk_comment(Consultations(self.actions), principal, request_iterator,
                                      self.settings.max_bulk_items, self.settings.max_wait_seconds)

        return await self._run(context, work)

    async def GetInquiry(
        self,
        request: reporting_pb2.GetInquiryRequest,  # noqa: N802
        context: Context,
    ) -> reporting_pb2.InquiryStatus:
        async def work() -> reporting_pb2.InquiryStatus:
            principal = await self.caller(context)
            if request.WhichOneof("key") == "tracking_code":
                return await self.lookups.track(request.tracking_code)
            return await self.lookups.inquiry(principal, request.inquiry_id)

        return await self._run(context, work)

    async def ListInquiries(
        self,
        request: intake_pb2.ListOwnInquiriesRequest,  # noqa: N802
        context: Context,
    ) -> reporting_pb2.ListInquiriesResponse:
        upgrade(request)

        async def work() -> reporting_pb2.ListInquiriesResponse:
            principal = await self.caller(context)
            if not 0 <= request.page_size <= 100:
                raise Invalid.field("page_size", "must be between 1 and 100")
            query = reporting_pb2.ListInquiriesRequest(
                lifecycle_status=request.lifecycle_status,
                inquiry_kind=request.inquiry_kind,
                page_size=request.page_size or 50,
                page_token=request.page_token,
            )
            return await self.lookups.inquiries(
                principal, query, request.agency_id, matches_nothing=_matches_nothing(request)
            )

        return await self._run(context, work)

    async def _act(self, context: Context, model: type, request: Any) -> intake_pb2.CommandReceipt:
        async def work() -> intake_pb2.CommandReceipt:
            principal = await self.caller(context)
            if not request.inquiry_id or len(request.inquiry_id) > 64:
                raise Invalid.field("inquiry_id", "is required (at most 64 characters)")
            action = convert.action(model, request)
            command_id = await self.actions.act(
                principal, request.inquiry_id, action, metadata(context, "idempotency-key")
            )
            receipt = intake_pb2.CommandReceipt(
                command_id=command_id, inquiry_id=request.inquiry_id, state="recorded"
            )
            wait = min(max(request.wait_seconds, 0), self.settings.max_wait_seconds)
            if wait:
                found = await self.actions.wait_for_action_outcome(principal, command_id, wait)
                if found is not None:
                    receipt.state, receipt.reason, receipt.event_type = (
                        state_name(found),
                        found.reason,
                        found.event_type,
                    )
            return receipt

        return await self._run(context, work)

    async def Acknowledge(self, request: intake_pb2.AcknowledgeRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, AcknowledgeIn, request)

    async def Answer(self, request: intake_pb2.AnswerRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, AnswerIn, request)

    async def RequestTransfer(self, request: intake_pb2.TransferRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, TransferIn, request)

    async def RequestExtension(self, request: intake_pb2.ExtensionRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, ExtensionIn, request)

    async def Reassign(self, request: intake_pb2.ReassignRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, ReassignIn, request)

    async def Close(self, request: intake_pb2.CloseRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, CloseIn, request)

    async def SettleDispute(self, request: intake_pb2.SettleDisputeRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, SettleDisputeIn, request)

    async def DisputeAnswer(self, request: intake_pb2.DisputeRequest, context: Context) -> Any:  # noqa: N802
        return await self._act(context, DisputeIn, request)

    async def GetCommandOutcome(
        self,
        request: reporting_pb2.GetCommandOutcomeRequest,  # noqa: N802
        context: Context,
    ) -> reporting_pb2.CommandOutcome:
        async def work() -> reporting_pb2.CommandOutcome:
            return await self.actions.outcome(await self.caller(context), request.command_id)

        return await self._run(context, work)


def _matches_nothing(request: intake_pb2.ListOwnInquiriesRequest) -> bool:
    """A status or kind no inquiry has: a value newer than ours, or (from a client of the previous
    release) a name that names none, which `upgrade` leaves unset, so the deprecated field is read."""
    return (
        not is_known(common_pb2.LifecycleStatus, request.lifecycle_status)
        or not is_known(common_pb2.InquiryKind, request.inquiry_kind)
        or by_name(common_pb2.LifecycleStatus, request.status) is None
        or by_name(common_pb2.InquiryKind, request.kind) is None
    )


class Health:
    def __init__(self) -> None:
        self.servicer = health.aio.HealthServicer()

    async def set(self, serving: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in ("", SERVICE):
            await self.servicer.set(name, status)


class GrpcServer:
    def __init__(self, server: grpc.aio.Server, health_: Health) -> None:
        self.server, self.health, self.serving = server, health_, False

    async def stop(self) -> None:
        self.serving = False
        await self.server.stop(grace=5)
