"""Which webhook URLs an operator may give an agency in production: public http(s) hosts only.

Checked on the URL as written (no DNS: a name can be re-pointed later, so notifications checks
the resolved addresses again at every delivery). Covers what SSRF payloads use to reach the
platform's own network: loopback, private, link-local (cloud metadata at 169.254.169.254) and
shared ranges, IPv6 and IPv4-mapped forms, and IPv4 written in decimal, hex, octal or short form.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from citycomm_common.addresses import is_public, literal_ip

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")


def refusal(url: str) -> str | None:
    """Why `url` may not be a production webhook target, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "only http and https webhook URLs are allowed"
    if parts.username is not None or parts.password is not None:
        return "webhook URLs must not carry credentials"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "the webhook URL has no host"
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return f"{host} is a local name, not a public host"
    ip = literal_ip(host)
    if ip is not None and not is_public(ip):
        return f"{host} is not a public address ({ip})"
    return None
