"""Who the client is: the proxies whose X-Forwarded-For is believed, and one key per client address."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# One subscriber gets a whole IPv6 /64 (RFC 6177), so its addresses count as one client.
IPV6_CLIENT_PREFIX = 64


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as a peer or a proxy writes it: bare, `[v6]`, `v4:port`, `[v6]:port`; else None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # a dual-stack socket's ::ffff:a.b.c.d is the IPv4 client
    return address


def client_key(address: str) -> str:
    """The key a client is counted under: its IPv4 address, or its IPv6 /64; text as given otherwise."""
    parsed = parse_address(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)


class TrustedProxies:
    """The proxies (addresses or networks) allowed to say who their client is; none by default."""

    def __init__(self, networks: Iterable[Network | str] = ()) -> None:
        self.networks = tuple(ipaddress.ip_network(n) for n in networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def __contains__(self, address: str | None) -> bool:
        parsed = parse_address(address or "")
        return parsed is not None and any(parsed in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The real client: the peer, unless it is a trusted proxy; then the last address in
        X-Forwarded-For that is not one (each proxy appends the address it received from)."""
        if peer not in self or not forwarded_for:
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        for hop in reversed(hops):
            if hop not in self:
                parsed = parse_address(hop)
                return str(parsed) if parsed is not None else peer  # garbage: not an address
        return hops[0] if hops else peer

    def uvicorn_options(self) -> dict[str, object]:
        """uvicorn believes X-Forwarded-For/-Proto only from these (its default trusts 127.0.0.1)."""
        if not self.networks:
            return {"proxy_headers": False}
        return {"proxy_headers": True, "forwarded_allow_ips": [str(n) for n in self.networks]}
