"""A minimal OTLP/HTTP trace receiver: the services export their spans to the test."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from citycomm_dev.traces import Span as ReceivedSpan  # one OTLP reading for the tests and the viewer
from citycomm_dev.traces import spans_of


@dataclass
class SpanSink:
    spans: list[ReceivedSpan] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: ExportTraceServiceRequest) -> None:
        received = spans_of(request)
        with self.lock:
            self.spans.extend(received)

    def trace(self, trace_id: str) -> list[ReceivedSpan]:
        with self.lock:
            return [s for s in self.spans if s.trace_id == trace_id]

    def find(self, name: str, service: str) -> list[ReceivedSpan]:
        with self.lock:
            return [s for s in self.spans if s.name == name and s.service == service]

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/v1/traces")
        async def export(request: Request) -> Response:
            self.add(ExportTraceServiceRequest.FromString(await request.body()))
            return Response(ExportTraceServiceResponse().SerializeToString(),
                            media_type="application/x-protobuf")

        return api
