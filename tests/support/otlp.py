"""A minimal OTLP/HTTP trace receiver: the services export their spans to the test."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict[str, str]


@dataclass
class SpanSink:
    spans: list[ReceivedSpan] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: ExportTraceServiceRequest) -> None:
        received = []
        for resource_spans in request.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    received.append(ReceivedSpan(
                        service=resource.get("service.name", ""), name=span.name, kind=span.kind,
                        trace_id=span.trace_id.hex(), span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        attributes={a.key: a.value.string_value for a in span.attributes}))
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
