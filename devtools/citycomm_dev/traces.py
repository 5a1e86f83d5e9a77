"""Spans received over OTLP, kept in memory by trace: what `make run`'s trace viewer shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

INQUIRY_KEY = "messaging.kafka.message.key"  # every inquiry record is keyed by its inquiry id
MAX_TRACES = 2000
PROBES = ("GET /livez", "GET /readyz", "GET /metrics")


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict[str, str]
    start_ns: int = 0
    end_ns: int = 0
    error: bool = False

    @property
    def duration_ms(self) -> float:
        return (self.end_ns - self.start_ns) / 1e6


def _text(value: AnyValue) -> str:
    kind = value.WhichOneof("value")
    return "" if kind is None else str(getattr(value, kind))


def spans_of(request: ExportTraceServiceRequest) -> list[Span]:
    """The spans of one OTLP export, each with its service's name."""
    found = []
    for resource_spans in request.resource_spans:
        resource = {a.key: _text(a.value) for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for s in scope_spans.spans:
                found.append(Span(
                    service=resource.get("service.name", ""), name=s.name, kind=s.kind,
                    trace_id=s.trace_id.hex(), span_id=s.span_id.hex(), parent_span_id=s.parent_span_id.hex(),
                    attributes={a.key: _text(a.value) for a in s.attributes},
                    start_ns=s.start_time_unix_nano, end_ns=s.end_time_unix_nano, error=s.status.code == 2))
    return found


@dataclass(frozen=True)
class TraceSummary:
    trace_id: str
    root: str  # the name of the span that began it
    root_service: str
    services: list[str]
    inquiries: list[str]
    start_ns: int
    duration_ms: float


@dataclass
class TraceStore:
    """The newest `size` traces; a trace's spans arrive from several services, in any order."""

    size: int = MAX_TRACES
    _traces: OrderedDict[str, list[Span]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, spans: list[Span]) -> None:
        with self._lock:
            for span in spans:
                self._traces.setdefault(span.trace_id, []).append(span)
            while len(self._traces) > self.size:
                self._traces.popitem(last=False)

    def trace(self, trace_id: str) -> list[Span]:
        with self._lock:
            return list(self._traces.get(trace_id, ()))

    def of_inquiry(self, inquiry_id: str) -> list[str]:
        """The traces with a span about this inquiry, oldest first."""
        with self._lock:
            return [t for t, spans in self._traces.items() if any(s.attributes.get(INQUIRY_KEY) == inquiry_id
                                                                  for s in spans)]

    def recent(self, limit: int = 50) -> list[TraceSummary]:
        """The newest traces but the probes' (a health check is a trace of one span)."""
        with self._lock:
            traces = [list(spans) for spans in reversed(self._traces.values())]
        summaries = [summary(spans) for spans in traces]
        return [s for s in summaries if s.root not in PROBES][:limit]


def summary(spans: list[Span]) -> TraceSummary:
    ids = {s.span_id for s in spans}
    root = min((s for s in spans if s.parent_span_id not in ids), key=lambda s: s.start_ns)
    start, end = min(s.start_ns for s in spans), max(s.end_ns for s in spans)
    inquiries = sorted({s.attributes[INQUIRY_KEY] for s in spans if s.attributes.get(INQUIRY_KEY)})
    return TraceSummary(root.trace_id, root.name, root.service, sorted({s.service for s in spans}), inquiries,
                        start, (end - start) / 1e6)


def waterfall(spans: list[Span]) -> list[tuple[int, Span]]:
    """Each span with its depth, parents before children, siblings by start time."""
    ids = {s.span_id for s in spans}
    children: dict[str, list[Span]] = {}
    for span in spans:
        children.setdefault(span.parent_span_id if span.parent_span_id in ids else "", []).append(span)
    ordered: list[tuple[int, Span]] = []

    def visit(parent: str, depth: int) -> None:
        for span in sorted(children.get(parent, ()), key=lambda s: s.start_ns):
            ordered.append((depth, span))
            visit(span.span_id, depth + 1)

    visit("", 0)
    return ordered
