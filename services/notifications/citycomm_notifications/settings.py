"""Notifications' settings."""

from __future__ import annotations

from pathlib import Path

from citycomm_common.settings import CommonSettings


class NotificationsSettings(CommonSettings):
    http_port: int = 8082
    data_dir: Path = Path("var/notifications")
    table_store: str = "memory://"
    webhook_secrets_dir: Path | None = None
    webhook_connect_timeout: float = 3.0
    webhook_read_timeout: float = 10.0
