"""Routing's settings."""

from __future__ import annotations

from pathlib import Path

from citycomm_common.settings import CommonSettings


class RoutingSettings(CommonSettings):
    http_port: int = 8081
    data_dir: Path = Path("var/routing")
    table_store: str = "memory://"
