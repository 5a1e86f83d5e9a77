"""Every service's HTTP app, with its interactive API docs (/docs, /redoc) served from the service
itself: FastAPI's own pages load Swagger UI and ReDoc from a CDN, and are blank on a city network
without internet access. fastapi-offline ships the same assets in its wheel."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

DOCS_ASSETS = "/docs/assets"  # Swagger UI's and ReDoc's scripts, styles and icon


def http_app(**options: Any) -> FastAPI:
    """`FastAPI(**options)` with /docs and /redoc that need nothing outside the service."""
    return FastAPIOffline(static_url=DOCS_ASSETS, **options)
