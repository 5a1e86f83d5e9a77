"""Reporting's settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from citycomm_common.service_auth import DEVELOPMENT_REPORTING_GRPC_TOKEN, checked_token
from citycomm_common.settings import CommonSettings


class ReportingSettings(CommonSettings):
    http_port: int = 8083
    grpc_port: int = 50052
    # Every gRPC call but health must present it (intake does); production refuses the default.
    reporting_grpc_token: SecretStr = SecretStr(DEVELOPMENT_REPORTING_GRPC_TOKEN)
    database_url: str = "sqlite+aiosqlite:///var/reporting.db"
    # PostgreSQL only: the schema the tables live in (empty: the server's search_path).
    database_schema: str = ""
    # False when a deployment runs `citycomm-reporting-migrate` as a job: then start-up only checks.
    migrate_on_start: bool = True
    data_dir: Path = Path("var/reporting")
    table_store: str = "memory://"
    # Bearer token of operators (all inquiries, reports, dashboard). Empty: nobody is an operator.
    operator_token: SecretStr = SecretStr("")
    # sha256(token) hex -> "agency:<id>" or "press_agency:<id>": scoped REST callers.
    access_tokens: dict[str, str] = Field(default_factory=dict)
    ranking_min_volume: int = Field(default=10, ge=1)
    briefing_weekday: int = Field(default=3, ge=0, le=6)  # Thursday: the weekly press briefing
    briefing_report_hour: int = Field(default=7, ge=0, le=23)  # ready the morning before it
    briefing_lookback_days: int = Field(default=28, ge=1)
    monthly_period: Literal["month", "month_1022"] = "month"
    report_check_seconds: float = Field(default=60.0, gt=0)
    # Events projected in one transaction at most (a batch is what arrived while the last was written).
    projection_batch_max: int = Field(default=500, ge=1)
    # How long a batch that is not full waits after its first event for more (milliseconds): a
    # batch costs mostly per transaction, so at a steady trickle fuller batches cost less CPU per
    # event; figures are that much later (docs/benchmarks.md, "Reporting's projection batches").
    projection_linger_ms: int = Field(default=200, ge=0, le=5000)
    # Early warning (issue 19): the detector's settings (unset: config_dir/trends.yaml) and how often
    # the worker that holds the detector closes the hours the clock has passed and publishes trends.
    trends_file: Path | None = None
    trend_tick_seconds: float = Field(default=30.0, gt=0)
    # How often the open/overdue/on-time gauges on /metrics are recomputed from the read model.
    gauges_seconds: float = Field(default=15.0, gt=0)
    # The people who sign in to the pages (docs/reporting-sign-in.md); unset: nobody can sign in.
    users_file: Path | None = None
    # Signs the pages' session cookies; production refuses to start without one. Unset in development:
    # a random one per start (everyone signs in again after a restart).
    session_secret: SecretStr = SecretStr("")
    session_hours: float = Field(default=12.0, gt=0)
    # The city's OpenID Connect provider (docs/reporting-sign-in.md); unset: only the users file.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_role_claim: str = "citycomm_role"  # leadership, operator or agency
    oidc_agency_claim: str = "citycomm_agency"  # the directory's agency id, for agency staff
    # Where the provider sends people back; empty: this request's own host and scheme.
    oidc_redirect_url: str = ""

    @field_validator("operator_token")
    @classmethod
    def _long_enough(cls, token: SecretStr) -> SecretStr:
        if 0 < len(token.get_secret_value()) < 24:
            raise ValueError("use at least 24 characters")
        return token

    @field_validator("session_secret")
    @classmethod
    def _secret_long_enough(cls, secret: SecretStr) -> SecretStr:
        if 0 < len(secret.get_secret_value()) < 32:
            raise ValueError("use at least 32 characters")
        return secret

    @model_validator(mode="after")
    def _service_token(self) -> ReportingSettings:
        checked_token(self.reporting_grpc_token, self.environment)
        if self.oidc_issuer and not (self.oidc_client_id and self.oidc_client_secret.get_secret_value()):
            raise ValueError("CITYCOMM_OIDC_ISSUER needs CITYCOMM_OIDC_CLIENT_ID and "
                             "CITYCOMM_OIDC_CLIENT_SECRET")
        if self.environment == "production" and not all(
                url.startswith("https://") for url in (self.oidc_issuer, self.oidc_redirect_url) if url):
            raise ValueError("in production CITYCOMM_OIDC_ISSUER and CITYCOMM_OIDC_REDIRECT_URL are https")
        if self.environment == "production" and not self.session_secret.get_secret_value():
            raise ValueError("CITYCOMM_SESSION_SECRET is required in production (32 characters or more)")
        return self
