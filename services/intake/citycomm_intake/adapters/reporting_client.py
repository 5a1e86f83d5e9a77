"""Asks reporting's read model, over gRPC: inquiries, scoped listings, command outcomes and open
consultations.

Either release of reporting may answer: requests carry the deprecated fields beside the typed ones
(`with_legacy`) and answers are read with the typed ones filled (`upgrade`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message

from citycomm.v1 import reporting_pb2, reporting_pb2_grpc
from citycomm_common.contracts import upgrade, with_legacy
from citycomm_common.service_auth import bearer_metadata
from citycomm_intake.service_layer.ports import ReportingUnavailable

Answer = TypeVar("Answer", bound=Message)


class ReportingClient:
    def __init__(self, target: str, token: str, timeout: float = 3.0) -> None:
        self._channel = grpc.aio.insecure_channel(target)
        self._stub = reporting_pb2_grpc.ReportingServiceStub(self._channel)
        self._timeout = timeout
        self._metadata = bearer_metadata(token)  # reporting refuses calls without it

    async def inquiry(
        self, *, inquiry_id: str = "", tracking_code: str = ""
    ) -> reporting_pb2.InquiryStatus | None:
        request = (
            reporting_pb2.GetInquiryRequest(inquiry_id=inquiry_id)
            if inquiry_id
            else reporting_pb2.GetInquiryRequest(tracking_code=tracking_code)
        )
        return await self._call(self._stub.GetInquiry, request, reporting_pb2.InquiryStatus)

    async def inquiries(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse:
        found = await self._call(self._stub.ListInquiries, request, reporting_pb2.ListInquiriesResponse)
        if found is None:
            raise ReportingUnavailable("ListInquiries answered NOT_FOUND")
        return found

    async def consultations(
        self, request: reporting_pb2.ListConsultationsRequest
    ) -> reporting_pb2.ListConsultationsResponse:
        """Consultations open for comment now (issue 20)."""
        answer = reporting_pb2.ListConsultationsResponse
        found = await self._call(self._stub.ListConsultations, request, answer)
        if found is None:
            raise ReportingUnavailable("ListConsultations answered NOT_FOUND")
        return found

    async def outcome(self, command_id: str) -> reporting_pb2.CommandOutcome | None:
        return await self._call(
            self._stub.GetCommandOutcome,
            reporting_pb2.GetCommandOutcomeRequest(command_id=command_id),
            reporting_pb2.CommandOutcome,
        )

    async def _call(
        self, method: Callable[..., Awaitable[Any]], request: Message, answer: type[Answer]
    ) -> Answer | None:
        """`answer`: the message the call returns (the generated stubs are untyped)."""
        sent = type(request)()
        sent.CopyFrom(request)  # the caller's request stays as it was
        try:
            found: Answer = await method(with_legacy(sent), timeout=self._timeout, metadata=self._metadata)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
                raise ValueError(exc.details() or "invalid argument") from exc
            raise ReportingUnavailable(exc.details() or exc.code().name) from exc
        return upgrade(found)

    async def close(self) -> None:
        await self._channel.close()
