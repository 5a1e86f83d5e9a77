"""Who the client is: peers and forwarded addresses, trusted proxies, and the key a client counts under."""

from __future__ import annotations

import pytest

from citycomm_common.clients import TrustedProxies, client_key, parse_address
from citycomm_common.settings import CommonSettings


@pytest.mark.parametrize(
    ("written", "address"),
    [("203.0.113.7", "203.0.113.7"), ("203.0.113.7:5123", "203.0.113.7"),
     ("[2001:db8::1]:443", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"),
     ("::ffff:203.0.113.7", "203.0.113.7"), ("fe80::1%eth0", "fe80::1")],
)
def test_addresses_are_read_as_peers_and_proxies_write_them(written: str, address: str) -> None:
    assert str(parse_address(written)) == address


def test_garbage_is_no_address() -> None:
    assert parse_address("unknown") is None and parse_address("1.2.3.4.5") is None


def test_an_ipv6_client_counts_by_its_64_an_ipv4_client_by_its_address() -> None:
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("203.0.113.7") != client_key("203.0.113.8")
    assert client_key("::ffff:203.0.113.7") == "203.0.113.7"


def test_no_proxy_is_trusted_by_default_so_forwarded_for_changes_nothing() -> None:
    trusted = TrustedProxies(CommonSettings().trusted_proxies)
    assert not trusted and "127.0.0.1" not in trusted
    assert trusted.client("127.0.0.1", "198.51.100.1") == "127.0.0.1"
    assert trusted.uvicorn_options() == {"proxy_headers": False}


def test_a_trusted_proxy_names_the_last_address_it_did_not_append_itself() -> None:
    trusted = TrustedProxies(["10.0.0.0/8", "192.0.2.5"])
    # The client wrote a lie first; the outer proxy (10.1.1.1) appended what the inner one saw.
    assert trusted.client("10.2.2.2", "6.6.6.6, 198.51.100.1, 10.1.1.1") == "198.51.100.1"
    assert trusted.client("192.0.2.5", "198.51.100.1:4444") == "198.51.100.1"
    assert trusted.client("203.0.113.9", "198.51.100.1") == "203.0.113.9"  # not a proxy of ours
    assert trusted.client("10.2.2.2", None) == "10.2.2.2"
    assert trusted.client("10.2.2.2", "not-an-address") == "10.2.2.2"
    assert trusted.uvicorn_options() == {"proxy_headers": True,
                                         "forwarded_allow_ips": ["10.0.0.0/8", "192.0.2.5/32"]}


def test_trusted_proxies_are_read_comma_separated_and_a_bad_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CITYCOMM_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32")
    assert [str(n) for n in CommonSettings().trusted_proxies] == ["10.0.0.0/8", "2001:db8::/32"]
    monkeypatch.setenv("CITYCOMM_TRUSTED_PROXIES", "10.0.0.1/8")  # host bits set: a typo, not a network
    with pytest.raises(ValueError, match="trusted_proxies"):
        CommonSettings()
