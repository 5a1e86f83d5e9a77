"""MeasureHTTP counts requests by route template and status, unmatched and failing ones included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from citycomm_common.metrics import MeasureHTTP


def _count(method: str, route: str, status: str) -> float:
    labels = {"http_request_method": method, "http_route": route, "http_response_status_code": status}
    return REGISTRY.get_sample_value("http_server_request_duration_seconds_count", labels) or 0.0


def _app(install: Callable[[FastAPI], Any], prefix: str) -> FastAPI:
    api = FastAPI()

    @api.get(prefix + "/items/{item}")
    async def item(item: str) -> dict[str, str]:
        return {"item": item}

    @api.post(prefix + "/fail")
    async def fail() -> None:
        raise RuntimeError("boom")

    install(api)
    return api


@pytest.mark.parametrize(
    ("install", "prefix"),
    [
        (lambda api: api.add_middleware(MeasureHTTP), "/asgi"),
    ],
)
def test_requests_are_counted_by_route_template_and_status(
    install: Callable[[FastAPI], Any], prefix: str
) -> None:
    client = TestClient(_app(install, prefix), raise_server_exceptions=False)
    route = prefix + "/items/{item}"
    before = (
        _count("GET", route, "200"),
        _count("GET", "unmatched", "404"),
        _count("POST", prefix + "/fail", "500"),
    )
    assert client.get(prefix + "/items/a").status_code == 200
    assert client.get(prefix + "/items/b").status_code == 200
    assert client.get(prefix + "/nowhere").status_code == 404
    assert client.post(prefix + "/fail").status_code == 500
    after = (
        _count("GET", route, "200"),
        _count("GET", "unmatched", "404"),
        _count("POST", prefix + "/fail", "500"),
    )
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1]
