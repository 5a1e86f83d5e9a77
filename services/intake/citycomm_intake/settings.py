"""Intake's settings; production refuses the development defaults."""

from __future__ import annotations

from pydantic import SecretStr, model_validator

from citycomm_common.settings import CommonSettings

DEVELOPMENT_TRACKING_SECRET = "development-only-tracking-secret"


class IntakeSettings(CommonSettings):
    http_port: int = 8080
    grpc_port: int = 50051
    reporting_grpc_target: str = "127.0.0.1:50052"
    tracking_secret: SecretStr = SecretStr(DEVELOPMENT_TRACKING_SECRET)
    produce_timeout: float = 5.0
    max_body_bytes: int = 64 * 1024

    @model_validator(mode="after")
    def _no_development_secret_in_production(self) -> IntakeSettings:
        if (self.environment == "production"
                and self.tracking_secret.get_secret_value() == DEVELOPMENT_TRACKING_SECRET):
            raise ValueError("tracking_secret must be set in production")
        return self
