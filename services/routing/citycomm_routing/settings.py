"""Routing's settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

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
    # Self-service on the directory (decisions 0094, 0095): intake says whose API key a call carries;
    # notifications proves a new URL with a signed ping (its operator token); new secrets are sealed
    # under CITYCOMM_WEBHOOK_SECRETS_KEY (Fernet keys, comma-separated; notifications has the same).
    intake_url: str = "http://127.0.0.1:8080"
    notifications_url: str = "http://127.0.0.1:8082"
    notifications_operator_token: SecretStr = SecretStr("")
    webhook_secrets_key: SecretStr = SecretStr("")
    # How long the old secrets of a self-service rotation still verify, in hours.
    self_service_overlap_hours: float = Field(default=24.0, gt=0, le=168)
