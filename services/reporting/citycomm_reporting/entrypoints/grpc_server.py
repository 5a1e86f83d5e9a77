"""gRPC ReportingService: status look-ups for intake, with health checking and reflection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from citycomm.v1 import common_pb2, reporting_pb2, reporting_pb2_grpc
from citycomm_common.codec import rfc3339
from citycomm_reporting.adapters.store import ReadModel


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return rfc3339(value if value.tzinfo else value.replace(tzinfo=UTC))
    return "" if value is None else str(value)


def status_message(row: dict[str, Any]) -> reporting_pb2.InquiryStatus:
    kind = "INQUIRY_KIND_" + (row.get("kind") or "unspecified").upper()
    return reporting_pb2.InquiryStatus(
        inquiry_id=row["inquiry_id"], tracking_code=_text(row["tracking_code"]),
        kind=common_pb2.InquiryKind.Value(kind), status=row["status"],
        agency_id=_text(row["agency_id"]), due_at=_text(row["due_at"]),
        policy_id=_text(row["policy_id"]), legal_basis=_text(row["legal_basis"]),
        received_at=_text(row["received_at"]), updated_at=_text(row["updated_at"]),
        category=_text(row["category"]), ward_code=_text(row["ward_code"]),
        title=_text(row["title"]),
    )


class ReportingService(reporting_pb2_grpc.ReportingServiceServicer):
    def __init__(self, read_model: ReadModel) -> None:
        self._read_model = read_model

    async def GetInquiry(self, request: reporting_pb2.GetInquiryRequest,  # noqa: N802
                         context: grpc.aio.ServicerContext) -> reporting_pb2.InquiryStatus:
        row = await self._read_model.inquiry(inquiry_id=request.inquiry_id,
                                             tracking_code=request.tracking_code)
        if row is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, "no such inquiry")
        return status_message(row)  # type: ignore[arg-type]


async def start_grpc(read_model: ReadModel, host: str, port: int) -> grpc.aio.Server:
    server = grpc.aio.server()
    reporting_pb2_grpc.add_ReportingServiceServicer_to_server(ReportingService(read_model), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names = (reporting_pb2.DESCRIPTOR.services_by_name["ReportingService"].full_name,
             health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection.enable_server_reflection(names, server)
    server.add_insecure_port(f"{host}:{port}")
    await server.start()
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    return server
