"""Where webhooks may go: allowed host patterns, no private addresses unless allowed (design.md §7).

The check resolves the host once and returns the addresses it checked; the webhook client connects
to those and to no other (webhooks.py), so a DNS answer that changes between the check and the
connection (DNS rebinding: public for the check, 127.0.0.1 or 169.254.169.254 for the connection)
cannot steer a delivery to an internal address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import httpx

from citycomm_common.addresses import is_public

Resolver = Callable[[str, int], Awaitable[list[str]]]  # (ASCII host name, port) → addresses; OSError: none


class RefusedTarget(ValueError):
    """A webhook URL we must not call; the message says why."""


class Unresolved(RefusedTarget):
    """The host has no address right now: a failed attempt (retried), not a refusal of the target."""


@dataclass(frozen=True)
class Target:
    """Where one attempt may connect: `addresses`, checked just now, in the resolver's order."""

    host: str
    addresses: tuple[str, ...]


def _private(address: str) -> bool:
    return not is_public(ipaddress.ip_address(address.split("%", 1)[0]))


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class EgressPolicy:
    """`allowed_hosts`: fnmatch patterns (`*.gov.vn`); a host named exactly may be private.
    `resolve`: how names become addresses (tests give a fake DNS)."""

    allowed_hosts: tuple[str, ...] = ("*",)
    allow_private: bool = False
    resolve: Resolver = field(default=system_resolver, compare=False, repr=False)

    @classmethod
    def parse(cls, hosts: str, allow_private: bool) -> EgressPolicy:
        patterns = tuple(h.strip().lower() for h in hosts.split(",") if h.strip())
        return cls(patterns, allow_private)

    def _host_allowed(self, host: str) -> bool:
        return any(fnmatchcase(host, pattern) for pattern in self.allowed_hosts)

    async def check(self, url: str) -> Target:
        """The addresses `url` may be called at now (resolved afresh), or RefusedTarget saying why not.

        The URL is parsed as the client parses it (httpx), so both see the same host. A host exempt
        from the address rule (allow_private, or named exactly in the allow-list) is resolved and
        pinned all the same: every connection goes to an address this check returned."""
        try:
            parts = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise RefusedTarget(f"not a valid URL: {url!r} ({exc})") from None
        host = parts.host
        if parts.scheme not in ("http", "https") or not host:
            raise RefusedTarget(f"not an http(s) URL: {url!r}")
        if not self._host_allowed(host):
            raise RefusedTarget(f"host {host} is not in CITYCOMM_WEBHOOK_ALLOWED_HOSTS")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = await self._addresses(parts.raw_host.decode("ascii"), port)
        if not (self.allow_private or host in self.allowed_hosts):
            for address in addresses:
                if _private(address):
                    raise RefusedTarget(f"host {host} resolves to non-public address {address}")
        return Target(host, addresses)

    async def _addresses(self, host: str, port: int) -> tuple[str, ...]:
        try:
            return (str(ipaddress.ip_address(host)),)
        except ValueError:
            pass
        try:
            found = await self.resolve(host, port)
        except OSError as exc:  # socket.gaierror: no such name, or no answer now
            raise Unresolved(f"host {host} does not resolve: {exc}") from None
        addresses = tuple(dict.fromkeys(address.split("%", 1)[0] for address in found))
        if not addresses:
            raise Unresolved(f"host {host} does not resolve: no address")
        return addresses
