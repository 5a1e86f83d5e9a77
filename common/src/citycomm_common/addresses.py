"""Which network addresses are public: the one rule routing (URLs) and notifications (egress) share.

An IPv6 address can carry an IPv4 address that a translator, tunnel or the host's own stack
turns into an IPv4 destination (NAT64 64:ff9b::10.0.0.1, 6to4 2002:a9fe:a9fe::, ::ffff:127.0.0.1,
an ISATAP interface id): such an address is judged by the IPv4 address it carries. Transition
forms no public webhook receiver has (IPv4-compatible and -translated, local-use NAT64, Teredo)
and every IPv6 special-purpose block that is not globally reachable are refused outright.
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_IPV4_CHARS = set("0123456789abcdefx.")
_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# IANA IPv4 special-purpose registry, not globally reachable (stdlib's is_global is checked too;
# it differs between Python versions, so what matters here is written down).
_NOT_PUBLIC_V4 = tuple(_V4(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"))
# IANA IPv6 special-purpose registry (and the deprecated forms), refused whatever they carry.
_NOT_PUBLIC_V6 = tuple(_V6(n) for n in (
    "::/96",             # unspecified, loopback, IPv4-compatible (deprecated, RFC 4291)
    "::ffff:0:0:0/96",   # IPv4-translated (SIIT, RFC 2765)
    "64:ff9b:1::/48",    # local-use NAT64 (RFC 8215): a site's own translator
    "100::/64", "100:0:0:1::/64",  # discard-only, dummy prefix
    "2001::/23",         # IETF protocol assignments, Teredo (2001::/32) among them
    "2001:db8::/32", "3fff::/20",  # documentation
    "5f00::/16",         # SRv6 SIDs
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"))
_MAPPED = _V6("::ffff:0:0/96")
_NAT64 = _V6("64:ff9b::/96")
_6TO4 = _V6("2002::/16")
_ISATAP_ID = 0x00005EFE  # interface id 00-00-5E-FE (or with the u/g bits set), RFC 5214


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


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 destination an IPv6 address carries (mapped, NAT64, 6to4, ISATAP), if any."""
    value = int(ip)
    if ip in _MAPPED or ip in _NAT64:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if ip in _6TO4:
        return ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF)
    if (value >> 32) & 0xFCFFFFFF == _ISATAP_ID:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    return None


def _public_v4(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not any(ip in net for net in _NOT_PUBLIC_V4)


def is_public(ip: IPAddress) -> bool:
    """Globally routable unicast that reaches no private, loopback, link-local or metadata address."""
    if isinstance(ip, ipaddress.IPv4Address):
        return _public_v4(ip)
    if any(ip in net for net in _NOT_PUBLIC_V6):
        return False
    carried = embedded_ipv4(ip)
    if carried is not None:
        return _public_v4(carried)
    return ip.is_global and not ip.is_multicast
