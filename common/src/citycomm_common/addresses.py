"""Which network addresses are public: the one rule routing (URLs) and notifications (egress) share."""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_IPV4_CHARS = set("0123456789abcdefx.")


def literal_ip(host: str) -> IPAddress | None:
    """The address a host names literally, in any form a resolver would accept (127.1, 0x7f000001)."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if set(host) <= _IPV4_CHARS and any(c.isdigit() for c in host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_public(ip: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, shared (100.64/10) or reserved."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
