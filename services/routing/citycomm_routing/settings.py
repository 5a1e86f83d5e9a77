"""Routing's settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from citycomm_common.settings import CommonSettings


class RoutingSettings(CommonSettings):
    http_port: int = 8081
    data_dir: Path = Path("var/routing")
    table_store: str = "memory://"
    # SHA-256 (hex) of the operator API's bearer key; unset: open in development, closed in
    # production. The key itself is never configured here.
    operator_api_key_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    # How often expired secrets of a rotation are removed from the directory.
    rotation_check_seconds: float = Field(default=30.0, gt=0)
