"""Reporting's settings."""

from __future__ import annotations

from pathlib import Path

from citycomm_common.settings import CommonSettings


class ReportingSettings(CommonSettings):
    http_port: int = 8083
    grpc_port: int = 50052
    database_url: str = "sqlite+aiosqlite:///var/reporting.db"
    data_dir: Path = Path("var/reporting")
    table_store: str = "memory://"
