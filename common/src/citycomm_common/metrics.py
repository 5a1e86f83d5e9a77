"""Prometheus metrics: one catalogue for every service, exposed at /metrics.

Names and labels follow the OpenTelemetry semantic conventions in their Prometheus form (dots
become underscores, units are suffixed): `http_server_request_duration_seconds` with
`http_request_method`, `http_route` and `http_response_status_code`;
`messaging_process_duration_seconds` with `messaging_destination_name`. Consumer lag has no
OpenTelemetry convention; it is named as the Kafka Exporter names its own (`..._consumer_lag`),
with the messaging attributes as labels. CityComm's own series are `citycomm_*`.

City-wide figures (reporting's open, overdue, decided and on-time counts per agency) are the same
on every reporting replica: a query takes `max by (agency)` of them, never `sum`, and computes a
rate from the counts (docs/alerts.md, deploy/k8s/components/monitoring). Per-replica figures
(dead letters, consumer lag: each replica reports the partitions it holds) are summed.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

import grpc
from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citycomm_common.framework_fixes import private_attributes

if TYPE_CHECKING:
    import faust
    from faust.transport.consumer import Consumer
    from faust.types import TP

    from citycomm_common.health import Readiness

log = logging.getLogger(__name__)
LAG_REFRESH_SECONDS = 10.0

# OpenTelemetry's advised buckets for http.server.request.duration (seconds).
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
HTTP_DURATION = Histogram(
    "http_server_request_duration_seconds", "Duration of HTTP server requests",
    ["http_request_method", "http_route", "http_response_status_code"], buckets=HTTP_BUCKETS)
RPC_DURATION = Histogram(
    "rpc_server_call_duration_seconds", "Duration of RPCs served",
    ["rpc_system_name", "rpc_method", "rpc_response_status_code"], buckets=HTTP_BUCKETS)
PROCESSING = Histogram(
    "messaging_process_duration_seconds", "Time to handle one record", ["messaging_destination_name"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
DEAD_LETTERED_RECORDS = Counter(
    "citycomm_dead_lettered_records_total", "Records parked on the dead-letter topic",
    ["messaging_destination_name"])
WEBHOOK_DELIVERIES = Counter(
    "citycomm_webhook_deliveries_total", "Webhook delivery attempts by outcome and agency",
    ["outcome", "agency"])
# Each notifications replica holds its own partitions' deliveries: a query takes `sum by (agency)`.
DEAD_LETTERS = Gauge(
    "citycomm_dead_letters", "Deliveries waiting in the dead-letter list, of this replica's partitions",
    ["agency"])
ESCALATIONS = Counter("citycomm_escalations_total", "Reminder and escalation notices sent", ["stage"])
INQUIRIES_OPEN = Gauge("citycomm_inquiries_open", "Open inquiries", ["agency"])
INQUIRIES_OVERDUE = Gauge("citycomm_inquiries_overdue", "Open inquiries past their due time", ["agency"])
INQUIRIES_DECIDED = Gauge(
    "citycomm_inquiries_decided", "Inquiries whose deadline fell in the current month", ["agency"])
INQUIRIES_ON_TIME = Gauge(
    "citycomm_inquiries_decided_on_time", "Of those, answered by their deadline", ["agency"])


def metrics_router() -> APIRouter:
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return router


class MeasureHTTP:
    """Request duration by route template (not raw path, to bound the label set), as a plain ASGI
    middleware: `api.add_middleware(MeasureHTTP)`.

    The same function through `api.middleware("http")` (Starlette's BaseHTTPMiddleware, which runs
    the app in a task group and streams the response through memory channels) cost ~1.3 ms of CPU
    per citizen submission of ~2.7 on intake (docs/benchmarks.md).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            route = scope.get("route")  # set in this same scope by the router that matched
            HTTP_DURATION.labels(scope["method"], getattr(route, "path", "unmatched"), str(status)).observe(
                time.perf_counter() - started)


class MeasureRPC(grpc.aio.ServerInterceptor):  # type: ignore[misc]  # grpcio ships no type hints
    """rpc_server_call_duration_seconds{rpc_system_name="grpc", rpc_method, rpc_response_status_code}
    for every call answered with one message (unary and client-streaming: all of CityComm's own);
    `grpc.aio.server(interceptors=[MeasureRPC()])`. The status is the code's name (OK, UNAVAILABLE)."""

    async def intercept_service(
        self, continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method.lstrip("/")  # a known one: unknown ones get no handler
        for kind in ("unary_unary", "stream_unary"):
            behaviour = getattr(handler, kind, None) if handler is not None else None
            if behaviour is not None and inspect.iscoroutinefunction(behaviour):
                return cast(grpc.RpcMethodHandler, handler._replace(**{kind: _timed(behaviour, method)}))
        return handler


def _timed(behaviour: Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Awaitable[Any]],
           method: str) -> Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Awaitable[Any]]:
    async def timed(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        started, failed = time.perf_counter(), True
        try:
            response = await behaviour(request, context)
            failed = False
            return response
        finally:  # an abort raises, with its code set on the context; anything else is UNKNOWN
            code = context.code() or (grpc.StatusCode.UNKNOWN if failed else grpc.StatusCode.OK)
            name = code.name if isinstance(code, grpc.StatusCode) else str(code)
            RPC_DURATION.labels("grpc", method, name).observe(time.perf_counter() - started)

    return timed


class ConsumerLag(Collector):
    """messaging_kafka_consumer_lag{messaging_consumer_group_name, messaging_destination_name,
    messaging_destination_partition_id}: for each partition of the topics this worker's agents
    consume, the end offset less the group's committed offset. Table changelog partitions are left
    out: the worker reads them to recover its tables and never commits them, so their "lag" would
    be their whole length. So is faust's leader-election topic, which carries no records.

    The end offset is the broker's, asked every LAG_REFRESH_SECONDS (refresh_end_offsets), or the
    consumer's last fetch if that is newer: a consumer whose agent is stuck stops fetching, and
    the end its last fetch saw would hide every record produced since."""

    def __init__(self) -> None:
        self.app: faust.App | None = None
        self._ends: dict[TP, int] = {}  # as the broker last answered

    def _partitions(self, app: faust.App, consumer: Consumer) -> list[TP]:
        internal = set(app.tables.changelog_topics) | set(consumer.randomly_assigned_topics)
        return sorted(tp for tp in consumer.assignment() if tp.topic not in internal)

    async def refresh_end_offsets(self) -> None:
        app = self.app
        consumer = private_attributes.created_consumer(app) if app is not None else None
        if app is None or consumer is None or not (partitions := self._partitions(app, consumer)):
            return
        try:
            async with asyncio.timeout(LAG_REFRESH_SECONDS):
                self._ends = dict(await consumer.highwaters(*partitions))
        except Exception as exc:  # the broker away: the readiness check says so; keep the last ends
            log.debug("end offsets not read: %r", exc)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "messaging_kafka_consumer_lag", "Records of a partition not yet consumed and committed",
            labels=["messaging_consumer_group_name", "messaging_destination_name",
                    "messaging_destination_partition_id"])
        app = self.app
        consumer = private_attributes.created_consumer(app) if app is not None else None
        if app is not None and consumer is not None:
            committed = private_attributes.committed_offsets(consumer)
            for tp in self._partitions(app, consumer):
                try:
                    fetched = consumer.highwater(tp) or 0
                except Exception:  # noqa: S112 - a partition being revoked has no highwater now
                    continue
                end = max(fetched, self._ends.get(tp, 0))
                family.add_metric([app.conf.id, tp.topic, str(tp.partition)],
                                  max(0, end - (committed.get(tp) or 0)))
        yield family


class ReadinessChecks(Collector):
    """citycomm_ready{check}: 1 where a readiness check passes, 0 where it fails, at scrape time —
    the same checks /readyz answers (broker, database, tables_recovered, directory_loaded, ...)."""

    def __init__(self) -> None:
        self.readiness: Readiness | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("citycomm_ready", "Whether a readiness check passes", labels=["check"])
        if self.readiness is not None:
            for name, passing in sorted(self.readiness.report().items()):
                family.add_metric([name], 1.0 if passing else 0.0)
        yield family


_CONSUMER_LAG = ConsumerLag()
_READINESS = ReadinessChecks()
REGISTRY.register(_CONSUMER_LAG)
REGISTRY.register(_READINESS)


def register_consumer_lag(app: faust.App) -> None:
    """Report this process's faust consumer (one per process), asking the broker for its end offsets."""
    _CONSUMER_LAG.app = app

    async def refresh_end_offsets() -> None:
        await _CONSUMER_LAG.refresh_end_offsets()

    app.timer(interval=LAG_REFRESH_SECONDS, traced=False)(refresh_end_offsets)


def register_readiness(readiness: Readiness) -> None:
    """Report this process's readiness checks (one set per process)."""
    _READINESS.readiness = readiness
