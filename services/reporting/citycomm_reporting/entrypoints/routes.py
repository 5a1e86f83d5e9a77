"""Every REST router reporting serves (the app and the tests mount the same ones)."""

from __future__ import annotations

from fastapi import APIRouter

from citycomm_reporting.entrypoints.consultation_pages import consultation_pages_router
from citycomm_reporting.entrypoints.http import exports_router, inquiries_router
from citycomm_reporting.entrypoints.http_reports import figures_router, reports_router
from citycomm_reporting.entrypoints.pages import pages_router


def routers() -> tuple[APIRouter, ...]:
    return (inquiries_router(), exports_router(), figures_router(), reports_router(),
            consultation_pages_router(), pages_router())
