"""The bounds of every service's HTTP edge, from the settings (citycomm_common.http_server enforces them)."""

from __future__ import annotations

import logging
import resource
from dataclasses import dataclass, field

from citycomm_common.clients import TrustedProxies
from citycomm_common.settings import CommonSettings

MAX_HEAD_BYTES = 32 * 1024
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EdgeLimits:
    max_head_bytes: int = MAX_HEAD_BYTES
    head_timeout: float = 10.0
    max_connections: int = 2048
    max_connections_per_address: int = 64
    trusted: TrustedProxies = field(default_factory=TrustedProxies)

    @classmethod
    def from_settings(cls, settings: CommonSettings) -> EdgeLimits:
        return cls(head_timeout=settings.http_head_timeout_seconds,
                   max_connections=within_descriptor_limit(settings.http_max_connections),
                   max_connections_per_address=settings.http_max_connections_per_address,
                   trusted=TrustedProxies(settings.trusted_proxies))


def within_descriptor_limit(wanted: int) -> int:
    """`wanted`, or less when the process may not open that many files with room for the rest
    (Kafka, database and gRPC sockets, files): connections must be refused before accept fails."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    room = soft - max(256, soft // 4)
    if wanted > room:
        log.warning("CITYCOMM_HTTP_MAX_CONNECTIONS=%d is above what the file descriptor limit "
                    "(ulimit -n %d) leaves room for: %d connections at most", wanted, soft, room)
    return max(1, min(wanted, room))
