"""Typed settings read from the environment; a bad value stops the service with a clear message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import AwareDatetime, Field, IPvAnyNetwork, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_CONFIG_DIR = Path(__file__).resolve().parents[3] / "config"


class CommonSettings(BaseSettings):
    """What every service needs; services subclass it with their own fields."""

    model_config = SettingsConfigDict(env_prefix="CITYCOMM_", extra="ignore", frozen=True)

    environment: Literal["development", "production"] = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    # "tansu" turns on the embedded broker's workarounds; never in production
    # (docs/decisions/0004-embedded-broker-compat-is-one-switch.md).
    kafka_compat: Literal["none", "tansu"] = "none"
    kafka_partitions: int = 3
    # How the services reach the brokers. PLAINTEXT locally; SSL in production: TLS to the brokers
    # (their CA in kafka_ssl_cafile, else the system's) and, where the listener authenticates
    # clients by certificate (Strimzi KafkaUser with `authentication: tls`), this service's
    # certificate and key (PEM). docs/runbook.md, "Kafka over TLS".
    kafka_security_protocol: Literal["PLAINTEXT", "SSL"] = "PLAINTEXT"
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    # Production: 3 and 1 (design.md §4); one broker locally.
    topic_replication_factor: int = 1
    table_standby_replicas: int = 0
    # Stream services batch what they send for this long: throughput for a few ms per hop.
    producer_linger_ms: int = 5
    config_dir: Path = REPO_CONFIG_DIR
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "console"
    http_host: str = "127.0.0.1"
    # How the other workers of a stream service reach this one's HTTP port (faust's canonical_url,
    # shared in the consumer group). Empty: http://<http_host>:<http_port>, right on one machine;
    # on Kubernetes the pod's stable name (deploy/k8s sets it).
    advertised_url: str = ""
    # The HTTP edge (docs/runbook.md, "Ingress"). Proxies (addresses or networks, comma-separated)
    # whose X-Forwarded-For names the client; empty: none, the TCP peer is the client.
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    # A request line and headers must arrive within this long of the connection (or of the first
    # byte of a later request on it); slower clients are answered 408 and closed.
    http_head_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # Open HTTP connections per process (well below the file descriptor limit), and per client
    # address (trusted proxies are not counted); connections beyond either are closed at once.
    http_max_connections: int = Field(default=2048, ge=1)
    http_max_connections_per_address: int = Field(default=64, ge=1)
    # Local runs and tests only (production refuses both): the clock every service reads deadlines
    # by runs `clock_speedup` times faster than real time and reads `clock_start` (default: the real
    # time) at the real moment `clock_origin` (default: the process's start). `make run` gives all
    # its services one origin, so they agree on the time (citycomm_common.clock.service_clock).
    clock_speedup: float = Field(default=1.0, ge=1.0, le=100_000)
    clock_start: AwareDatetime | None = None
    clock_origin: AwareDatetime | None = None

    @model_validator(mode="after")
    def _real_time_in_production(self) -> Self:
        if self.environment == "production" and (self.clock_speedup != 1 or self.clock_start is not None):
            raise ValueError("CITYCOMM_CLOCK_SPEEDUP and CITYCOMM_CLOCK_START are for local runs and tests")
        return self

    @model_validator(mode="after")
    def _kafka_tls_files(self) -> Self:
        files = {"KAFKA_SSL_CAFILE": self.kafka_ssl_cafile, "KAFKA_SSL_CERTFILE": self.kafka_ssl_certfile,
                 "KAFKA_SSL_KEYFILE": self.kafka_ssl_keyfile}
        named = [name for name, path in files.items() if path is not None]
        if named and self.kafka_security_protocol != "SSL":
            raise ValueError(f"CITYCOMM_{', CITYCOMM_'.join(named)} need "
                             "CITYCOMM_KAFKA_SECURITY_PROTOCOL=SSL")
        if self.kafka_ssl_keyfile is not None and self.kafka_ssl_certfile is None:
            raise ValueError("CITYCOMM_KAFKA_SSL_KEYFILE needs CITYCOMM_KAFKA_SSL_CERTFILE, "
                             "the certificate it is for")
        return self

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return tuple(p.strip() for p in value.split(",") if p.strip()) if isinstance(value, str) else value


S = TypeVar("S", bound=CommonSettings)


def load_settings(cls: type[S]) -> S:
    """Build settings from the environment, or exit naming every bad variable."""
    try:
        settings = cls()
    except ValidationError as exc:
        prefix = cls.model_config.get("env_prefix", "")
        lines = [
            f"  {prefix}{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        ]
        sys.exit(f"{cls.__name__}: invalid configuration\n" + "\n".join(lines))
    if settings.environment == "production" and settings.kafka_compat != "none":
        sys.exit(f"{cls.__name__}: CITYCOMM_KAFKA_COMPAT must be 'none' in production")
    return settings
