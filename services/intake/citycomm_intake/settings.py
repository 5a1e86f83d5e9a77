"""Intake's settings; production refuses the development defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from citycomm_common.attachment_links import DEVELOPMENT_LINK_SECRET
from citycomm_common.service_auth import DEVELOPMENT_REPORTING_GRPC_TOKEN, checked_token
from citycomm_common.settings import CommonSettings

DEVELOPMENT_TRACKING_SECRET = "development-only-tracking-secret"


class IntakeSettings(CommonSettings):
    http_port: int = 8080
    grpc_port: int = 50051
    grpc_host: str | None = None  # default: the HTTP host
    reporting_grpc_target: str = "127.0.0.1:50052"
    # Presented on every call to reporting's gRPC; the same secret reporting checks.
    reporting_grpc_token: SecretStr = SecretStr(DEVELOPMENT_REPORTING_GRPC_TOKEN)
    tracking_secret: SecretStr = SecretStr(DEVELOPMENT_TRACKING_SECRET)
    produce_timeout: float = 5.0
    # Relative SQLite paths are under the working directory: `make run` and the
    # management command, both started from the repository, share var/intake/.
    api_keys_database_url: str = "sqlite+aiosqlite:///var/intake/intake.db"
    # PostgreSQL connections per intake process (SQLite uses one): requests wait for a free one.
    api_keys_database_pool_size: int = Field(10, ge=1, le=100)
    # Idempotency-Key records (first body's fingerprint, for the 422 on reuse) are purged after
    # this many days: longer than any client's retry queue, e.g. across the Tết holiday (~9 days)
    # with a margin; docs/decisions/0028-idempotency-key-records-expire.md says what a client sees
    # after it.
    idempotency_key_retention_days: int = Field(30, ge=1)
    idempotency_purge_interval_seconds: float = Field(3600.0, gt=0)
    idempotency_purge_batch: int = Field(1000, ge=1, le=100_000)
    # A verified API key is trusted for this long without asking the database, so a key revoked
    # there still works on each intake process for at most this long; 0 asks on every request.
    api_key_cache_seconds: float = Field(5.0, ge=0, le=60)
    api_key_cache_size: int = Field(1000, ge=1, le=100_000)  # keys, not requests: under 1 KB each
    max_body_bytes: int = 64 * 1024
    max_json_depth: int = 8
    max_bulk_items: int = 500
    # POST /v1/briefings/questions: up to max_bulk_items questions in one body.
    max_batch_body_bytes: int = Field(1024 * 1024, ge=1024)
    max_wait_seconds: int = 30
    # Citizens (anonymous callers) may send `citizen_rate_burst` requests in any window of
    # burst / per_second seconds, counted per client address (an IPv6 client per /64).
    citizen_rate_per_second: float = Field(default=1.0, gt=0)
    citizen_rate_burst: int = Field(default=60, ge=1)
    rate_limit_clients: int = Field(default=10_000, ge=1)  # per process, least recently seen out
    # Empty: each process counts in its own memory. redis://host:6379/0 (or rediss://): every
    # replica counts in that Redis, so the limit holds across them; while it does not answer, each
    # process counts on its own and tries it again after the retry interval.
    rate_limit_storage_url: SecretStr = SecretStr("")
    rate_limit_key_prefix: str = Field(default="citycomm-intake", min_length=1)
    rate_limit_storage_timeout_seconds: float = Field(default=0.25, gt=0, le=5)
    rate_limit_storage_retry_seconds: float = Field(default=5.0, gt=0, le=300)
    open311_jurisdiction_id: str = "hochiminhcity.gov.vn"
    retry_after_seconds: int = 5
    # Attachments (issue 18, decision 0104): the local filesystem (embedded default; relative to the
    # working directory) or an S3-compatible bucket. Links to them are signed with the secret
    # notifications signs with, and expire (notifications' attachment_link_seconds).
    attachment_store: Literal["filesystem", "s3"] = "filesystem"
    attachments_dir: Path = Path("var/intake/attachments")
    attachment_link_secret: SecretStr = SecretStr(DEVELOPMENT_LINK_SECRET)
    s3_endpoint_url: str = ""  # empty: AWS S3 itself; http(s)://minio:9000 for MinIO, Ceph RGW...
    s3_region: str = "ap-southeast-1"
    s3_bucket: str = "citycomm-attachments"
    s3_access_key_id: str = ""  # empty: boto3's own chain (IRSA, instance profile, env)
    s3_secret_access_key: SecretStr = SecretStr("")
    max_upload_bytes: int = Field(27 * 1024 * 1024, ge=1024)  # a multipart submission with its files

    @field_validator("rate_limit_storage_url")
    @classmethod
    def _redis_url(cls, url: SecretStr) -> SecretStr:
        if url.get_secret_value() and not url.get_secret_value().startswith(("redis://", "rediss://")):
            raise ValueError("must be empty or a redis:// or rediss:// URL")
        return url

    @model_validator(mode="after")
    def _no_development_secret_in_production(self) -> IntakeSettings:
        if (
            self.environment == "production"
            and self.tracking_secret.get_secret_value() == DEVELOPMENT_TRACKING_SECRET
        ):
            raise ValueError("tracking_secret must be set in production")
        checked_token(self.reporting_grpc_token, self.environment)
        if (self.environment == "production"
                and self.attachment_link_secret.get_secret_value() == DEVELOPMENT_LINK_SECRET):
            raise ValueError("attachment_link_secret must be set in production")
        return self
