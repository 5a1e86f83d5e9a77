"""Prometheus metrics: one catalogue for every service, exposed at /metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citycomm_common.framework_fixes import private_attributes

if TYPE_CHECKING:
    import faust

HTTP_DURATION = Histogram(
    "http_server_duration_milliseconds", "HTTP request duration", ["method", "route", "status"],
    buckets=(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000))
PROCESSING = Histogram(
    "citycomm_processing_seconds", "Time to handle one record", ["topic"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
DEAD_LETTERED_RECORDS = Counter(
    "citycomm_dead_lettered_records_total", "Records parked on the dead-letter topic", ["topic"])
WEBHOOK_DELIVERIES = Counter(
    "citycomm_webhook_deliveries_total", "Webhook delivery attempts by outcome", ["outcome"])
DEAD_LETTERS = Gauge("citycomm_dead_letters", "Deliveries waiting in the dead-letter list", ["agency"])
ESCALATIONS = Counter("citycomm_escalations_total", "Reminder and escalation notices sent", ["stage"])
INQUIRIES_OPEN = Gauge("citycomm_inquiries_open", "Open inquiries", ["agency"])
INQUIRIES_OVERDUE = Gauge("citycomm_inquiries_overdue", "Open inquiries past their due time", ["agency"])
ON_TIME_RATIO = Gauge("citycomm_on_time_ratio", "Share answered on time (current period)", ["agency"])


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
                (time.perf_counter() - started) * 1000)


class ConsumerLag(Collector):
    """citycomm_kafka_consumer_lag{topic,partition}, read from a faust consumer at scrape time."""

    def __init__(self) -> None:
        self.app: faust.App | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("citycomm_kafka_consumer_lag", "Records not yet consumed",
                                   labels=["topic", "partition"])
        consumer = private_attributes.created_consumer(self.app) if self.app is not None else None
        if consumer is not None:
            for tp in sorted(consumer.assignment()):
                try:
                    highwater = consumer.highwater(tp)
                except Exception:  # noqa: S112 - a partition being revoked has no highwater now
                    continue
                position = private_attributes.committed_offsets(consumer).get(tp) or 0
                family.add_metric([tp.topic, str(tp.partition)], max(0, (highwater or 0) - position))
        yield family


_CONSUMER_LAG = ConsumerLag()
REGISTRY.register(_CONSUMER_LAG)


def register_consumer_lag(app: faust.App) -> None:
    """Report this process's faust consumer (one per process)."""
    _CONSUMER_LAG.app = app
