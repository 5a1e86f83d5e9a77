"""Which addresses are public: every IPv6 form that carries a private or metadata IPv4 is refused."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citycomm_common.addresses import embedded_ipv4, is_public

V4, V6 = ipaddress.IPv4Address, ipaddress.IPv6Address
# Loopback, private, link-local (cloud metadata 169.254.169.254), shared (Alibaba's 100.100.100.200),
# "this network", benchmarking, reserved.
NOT_PUBLIC_V4 = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                 "100.64.0.0/10", "0.0.0.0/8", "198.18.0.0/15", "240.0.0.0/4", "192.0.0.0/24"]
METADATA = [V4("169.254.169.254"), V4("100.100.100.200"), V4("127.0.0.1"), V4("10.0.0.1")]
not_public_v4 = st.sampled_from(NOT_PUBLIC_V4).flatmap(
    lambda net: st.ip_addresses(network=net)) | st.sampled_from(METADATA)
public_v4 = st.sampled_from(["8.8.8.8", "93.184.216.34", "203.113.131.1", "1.1.1.1"]).map(V4)


def _v6(value: int) -> V6:
    return V6(value & (2**128 - 1))


TEREDO_SERVER = V4("65.54.227.120")


def teredo(client: V4, server: V4 = TEREDO_SERVER) -> V6:
    """2001:0:server:flags:port:client, port and client obfuscated (xor 1s), RFC 4380."""
    return _v6((0x20010000 << 96) | (int(server) << 64) | (0x8000 << 48) | ((0xFFFF ^ 40000) << 32)
               | (int(client) ^ 0xFFFFFFFF))


FORMS: dict[str, Callable[[V4], V6]] = {
    "ipv4-mapped": lambda v4: _v6((0xFFFF << 32) | int(v4)),
    "ipv4-compatible": lambda v4: _v6(int(v4)),
    "ipv4-translated": lambda v4: _v6((0xFFFF << 48) | int(v4)),
    "nat64-well-known": lambda v4: _v6((0x64FF9B << 96) | int(v4)),
    # RFC 6052 /48: 16 bits of the IPv4 address, the u octet (bits 64-71), then the other 16.
    "nat64-local-use /48": lambda v4: _v6((0x64FF9B0001 << 80) | (int(v4) >> 16 << 64)
                                          | (int(v4) & 0xFFFF) << 40),
    "nat64-local-use /96": lambda v4: _v6((0x64FF9B0001 << 80) | int(v4)),
    "6to4": lambda v4: _v6((0x2002 << 112) | (int(v4) << 80) | 1),
    "teredo": teredo,
    "teredo server": lambda v4: teredo(V4("8.8.8.8"), server=v4),
    "isatap (local id)": lambda v4: _v6((0x20014860 << 96) | (0x00005EFE << 32) | int(v4)),
    "isatap (universal id)": lambda v4: _v6((0x20014860 << 96) | (0x02005EFE << 32) | int(v4)),
    "isatap under a ULA": lambda v4: _v6((0xFD00 << 112) | (0x00005EFE << 32) | int(v4)),
}
# Forms a public receiver legitimately has: judged by the IPv4 address they carry.
CARRIERS = ["ipv4-mapped", "nat64-well-known", "6to4", "isatap (local id)", "isatap (universal id)"]


@pytest.mark.parametrize("form", FORMS)
@given(v4=not_public_v4)
def test_no_form_reaches_a_private_or_metadata_ipv4(form: str, v4: V4) -> None:
    assert not is_public(v4)
    assert not is_public(FORMS[form](v4)), FORMS[form](v4)


@pytest.mark.parametrize("form", CARRIERS)
@given(v4=public_v4)
def test_a_carried_public_ipv4_is_public(form: str, v4: V4) -> None:
    address = FORMS[form](v4)
    assert embedded_ipv4(address) == v4
    assert is_public(address), address


@pytest.mark.parametrize("form", sorted(set(FORMS) - set(CARRIERS)))
@given(v4=public_v4)
def test_forms_no_public_receiver_has_are_refused_whatever_they_carry(form: str, v4: V4) -> None:
    assert not is_public(FORMS[form](v4))


@pytest.mark.parametrize("address", [
    "::", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "fec0::1", "ff02::1", "100::1", "2001:db8::1",
    "3fff::1", "5f00::1", "2001:2::1", "2001:10::1",
])
def test_ipv6_special_purpose_blocks_are_refused(address: str) -> None:
    assert not is_public(V6(address))


@pytest.mark.parametrize("address", ["2001:4860:4860::8888", "2606:4700::1111", "2402:800:6314::1"])
def test_global_ipv6_is_public(address: str) -> None:
    assert is_public(V6(address)) and embedded_ipv4(V6(address)) is None
