"""A service's /docs and /redoc in a real chromium with every request beyond the service refused,
as on a city network without internet access: the pages still draw the API."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import APIRouter

from citycomm_common.api_docs import http_app
from citycomm_dev.broker import free_port
from tests.support.polling import wait_for


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    router = APIRouter()

    @router.get("/v1/inquiries/{inquiry_id}", summary="Xem một yêu cầu")
    async def inquiry(inquiry_id: str) -> dict[str, str]:
        return {"id": inquiry_id}

    api = http_app(title="CityComm test")
    api.include_router(router)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(api, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 15, "the service to start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def offline_page(browser: Any, service_url: str) -> tuple[Any, list[tuple[str, str]]]:
    """A page whose requests to anywhere but the service are aborted (and listed with their kind:
    script, stylesheet, image, ...)."""
    page = browser.new_page()
    refused: list[tuple[str, str]] = []
    own = urlsplit(service_url).netloc

    def only_the_service(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            refused.append((route.request.resource_type, route.request.url))
            route.abort()

    page.route("**/*", only_the_service)
    return page, refused


def test_swagger_ui_draws_the_operations_without_internet(browser: Any, service_url: str) -> None:
    page, refused = offline_page(browser, service_url)
    page.goto(f"{service_url}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    assert "/v1/inquiries/{inquiry_id}" in page.inner_text(".opblock-summary-path")
    assert "Xem một yêu cầu" in page.inner_text(".opblock-summary")
    assert refused == []
    page.close()


def test_redoc_draws_the_operations_without_internet(browser: Any, service_url: str) -> None:
    page, refused = offline_page(browser, service_url)
    page.goto(f"{service_url}/redoc")
    page.wait_for_selector("text=Xem một yêu cầu", timeout=15_000)
    # Only ReDoc's "powered by" logo comes from outside; the page works without it.
    assert [kind for kind, _ in refused] in ([], ["image"]), refused
    page.close()
