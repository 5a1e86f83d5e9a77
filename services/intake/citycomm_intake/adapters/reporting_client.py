"""Asks reporting's read model, over gRPC, where an inquiry stands."""

from __future__ import annotations

import grpc
from google.protobuf.json_format import MessageToDict

from citycomm.v1 import reporting_pb2, reporting_pb2_grpc


class ReportingUnavailable(RuntimeError):
    pass


class ReportingClient:
    def __init__(self, target: str, timeout: float = 3.0) -> None:
        self._channel = grpc.aio.insecure_channel(target)
        self._stub = reporting_pb2_grpc.ReportingServiceStub(self._channel)
        self._timeout = timeout

    async def by_tracking_code(self, code: str) -> dict[str, object] | None:
        request = reporting_pb2.GetInquiryRequest(tracking_code=code)
        try:
            status = await self._stub.GetInquiry(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise ReportingUnavailable(exc.details() or exc.code().name) from exc
        return MessageToDict(status, preserving_proto_field_name=True)

    async def close(self) -> None:
        await self._channel.close()
