"""Where webhooks may go: allowed host patterns, no private addresses unless allowed (design.md §7)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from citycomm_common.addresses import is_public


class RefusedTarget(ValueError):
    """A webhook URL we must not call; the message says why."""


def _private(address: str) -> bool:
    return not is_public(ipaddress.ip_address(address.split("%", 1)[0]))


@dataclass(frozen=True)
class EgressPolicy:
    """`allowed_hosts`: fnmatch patterns (`*.gov.vn`); a host named exactly may be private."""

    allowed_hosts: tuple[str, ...] = ("*",)
    allow_private: bool = False

    @classmethod
    def parse(cls, hosts: str, allow_private: bool) -> EgressPolicy:
        patterns = tuple(h.strip().lower() for h in hosts.split(",") if h.strip())
        return cls(patterns, allow_private)

    def _host_allowed(self, host: str) -> bool:
        return any(fnmatchcase(host, pattern) for pattern in self.allowed_hosts)

    async def check(self, url: str) -> None:
        """Raise RefusedTarget unless `url` may be called now (its addresses resolved afresh)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            raise RefusedTarget(f"not an http(s) URL: {url!r}")
        if not self._host_allowed(host):
            raise RefusedTarget(f"host {host} is not in CITYCOMM_WEBHOOK_ALLOWED_HOSTS")
        if self.allow_private or host in self.allowed_hosts:
            return
        for address in await _addresses(host, parts.port or (443 if parts.scheme == "https" else 80)):
            if _private(address):
                raise RefusedTarget(f"host {host} resolves to non-public address {address}")


async def _addresses(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RefusedTarget(f"host {host} does not resolve: {exc}") from None
    return [str(info[4][0]) for info in infos]
