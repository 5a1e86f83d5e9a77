"""Notifications' settings (CITYCOMM_* variables; docs/webhooks.md lists the webhook ones)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from citycomm_common.attachment_links import DEVELOPMENT_LINK_SECRET
from citycomm_common.settings import CommonSettings
from citycomm_notifications.domain.retries import DEFAULT_SCHEDULE


class NotificationsSettings(CommonSettings):
    http_port: int = 8082
    data_dir: Path = Path("var/notifications")
    table_store: str = "memory://"
    webhook_secrets_dir: Path | None = None
    # Fernet key(s), comma-separated, that open `sealed:` secrets (self-service rotation, decision 0095).
    webhook_secrets_key: SecretStr = SecretStr("")
    webhook_connect_timeout: float = 3.0
    webhook_read_timeout: float = 10.0
    # Seconds after each failed attempt (JSON list); tests compress it, e.g. [0, 0.1, 0.2].
    webhook_retry_schedule: list[float] = Field(default=list(DEFAULT_SCHEDULE), min_length=1)
    webhook_retry_jitter: float = Field(default=0.2, ge=0, le=0.5)
    # Comma-separated host patterns (fnmatch); a host named exactly may be a private address.
    webhook_allowed_hosts: str = "*"
    # Loopback, private and link-local targets: allowed in development (make run, tests), else refused.
    webhook_allow_private: bool | None = None
    webhook_concurrency_per_endpoint: int = Field(default=4, ge=1, le=64)
    webhook_concurrency_total: int = Field(default=200, ge=1, le=2000)
    delivery_poll_interval: float = Field(default=0.5, gt=0)
    delivery_log_retention_days: float = 7.0
    # How often the deadline clock looks for due stages, in seconds of the service's clock (a fast
    # clock ticks as often in its own time: CITYCOMM_CLOCK_SPEEDUP, see tick_seconds).
    clock_tick_interval: float = Field(default=30.0, gt=0)
    digest_at: time = time(7, 30)  # local city time, each working day
    operator_token: str = ""  # bearer token of the operator API; required in production
    # Intake, which holds the API keys: agencies' self-service calls are made with their own key,
    # and intake says whose it is (GET /v1/me).
    intake_url: str = "http://127.0.0.1:8080"
    # Submitters hear back (issue 18, docs/runbook.md "Submitter notices"). A channel is off while
    # its address is empty. E-mail: SMTP (make run: the embedded server; production: the city's relay).
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False  # required in production
    mail_from: str = "CityComm <thongbao@citycomm.local>"
    sms_url: str = ""  # the SMS provider's send API (a JSON POST)
    sms_api_key: SecretStr = SecretStr("")
    sms_brand: str = "CityComm"
    zalo_zns_url: str = ""  # e.g. https://business.openapi.zalo.me/message/template
    zalo_access_token: SecretStr = SecretStr("")  # the Official Account's token, from a k8s secret
    zalo_template_ids: dict[str, str] = Field(default_factory=dict)  # change (or "default") → ZNS template id
    # Signs unsubscribe links and keys the opt-out digests; at least 32 characters in production.
    submitter_unsubscribe_key: SecretStr = SecretStr("development-only-unsubscribe-key")
    submitter_public_url: str = "http://127.0.0.1:8082"  # where the unsubscribe links point
    submitter_retention_days: float = Field(default=90.0, gt=0)  # addresses kept after closing
    unsubscribe_per_minute: int = Field(default=30, ge=1)  # per client address
    # Webhooks link to a submission's photos at intake (decision 0104): signed with the secret intake
    # checks, valid this long from each attempt; the base is intake as agencies reach it (empty:
    # intake_url).
    attachment_link_secret: SecretStr = SecretStr(DEVELOPMENT_LINK_SECRET)
    attachment_link_base_url: str = ""
    attachment_link_minutes: float = Field(default=60.0, gt=0, le=7 * 24 * 60)

    @model_validator(mode="after")
    def _production_is_locked_down(self) -> NotificationsSettings:
        if self.environment == "production" and len(self.operator_token) < 24:
            raise ValueError("CITYCOMM_OPERATOR_TOKEN (at least 24 characters) is required in production")
        if self.environment == "production" and (
                len(self.submitter_unsubscribe_key.get_secret_value()) < 32
                or self.submitter_unsubscribe_key.get_secret_value().startswith("development-only")):
            raise ValueError("CITYCOMM_SUBMITTER_UNSUBSCRIBE_KEY (at least 32 characters) is required "
                             "in production")
        if (self.environment == "production"
                and self.attachment_link_secret.get_secret_value() == DEVELOPMENT_LINK_SECRET):
            raise ValueError("CITYCOMM_ATTACHMENT_LINK_SECRET (intake's) is required in production")
        if self.environment == "production" and self.smtp_host and not self.smtp_starttls:
            raise ValueError("CITYCOMM_SMTP_STARTTLS must be true in production (the relay needs TLS)")
        return self

    @property
    def tick_seconds(self) -> float:
        """The deadline tick in real seconds: one tick interval of the service's clock (0.05 s at least)."""
        return max(self.clock_tick_interval / self.clock_speedup, 0.05)

    @property
    def private_targets_allowed(self) -> bool:
        if self.webhook_allow_private is None:
            return self.environment == "development"
        return self.webhook_allow_private
