"""Notifications' HTTP surface: health now; the operator API (dead letters, delivery log) joins it."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.settings import CommonSettings
from citycomm_common.worker import stream_service_api


def create_api(app: faust.App, settings: CommonSettings) -> FastAPI:
    return stream_service_api(app, settings, title="CityComm notifications")
