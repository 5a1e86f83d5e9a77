"""The registry of Ho Chi Minh City's commune-level units."""

from collections import Counter

import pytest

from citycomm_common.text import fold
from citycomm_common.wards import (
    AmbiguousWard,
    UnknownWard,
    Ward,
    WardKind,
    WardRegistry,
    hcmc_wards,
)

BEN_THANH = "26743"
CON_DAO = "26732"


@pytest.fixture(scope="module")
def wards() -> WardRegistry:
    return hcmc_wards()


def test_city_has_168_units_of_three_kinds(wards: WardRegistry) -> None:
    kinds = Counter(w.kind for w in wards.all())
    assert len(wards) == 168
    assert kinds == {WardKind.PHUONG: 113, WardKind.XA: 54, WardKind.DAC_KHU: 1}


def test_all_is_ordered_by_code_and_codes_have_five_digits(wards: WardRegistry) -> None:
    codes = [w.code for w in wards.all()]
    assert codes == sorted(codes)
    assert all(len(c) == 5 and c.isdigit() for c in codes)


def test_names_are_normalised_and_start_with_their_kind(wards: WardRegistry) -> None:
    for ward in wards.all():
        assert ward.name.startswith(ward.kind.prefix + " ")
        assert "  " not in ward.name
    assert wards.by_code("26536").name == "Phường Rạch Dừa"


def test_registry_is_built_once() -> None:
    assert hcmc_wards() is hcmc_wards()


def test_by_code_accepts_text_or_number(wards: WardRegistry) -> None:
    assert wards.by_code(BEN_THANH) == wards.by_code(int(BEN_THANH))
    assert wards.by_code(BEN_THANH).name == "Phường Bến Thành"


def test_by_code_rejects_codes_outside_the_city(wards: WardRegistry) -> None:
    with pytest.raises(UnknownWard, match="'00001'"):
        wards.by_code("00001")


@pytest.mark.parametrize(
    "query",
    [
        BEN_THANH,
        int(BEN_THANH),
        "Phường Bến Thành",
        "phường bến thành",
        "PHƯỜNG BẾN THÀNH",
        "Bến Thành",
        "ben thanh",
        "Phuong Ben Thanh",
        "  phuong   ben\tthanh ",
        "P. Bến Thành",
        "P.Bến Thành",
        "p.ben thanh",
    ],
)
def test_resolve_by_code_or_name_variant(wards: WardRegistry, query: str | int) -> None:
    assert wards.resolve(query).code == BEN_THANH


@pytest.mark.parametrize("query", ["Đặc khu Côn Đảo", "dac khu con dao", "Côn Đảo", "ĐK. Côn Đảo"])
def test_resolve_the_special_zone(wards: WardRegistry, query: str) -> None:
    assert wards.resolve(query).code == CON_DAO


def test_resolve_ignores_tone_placement(wards: WardRegistry) -> None:
    assert wards.resolve("Bình Hoà").name == "Phường Bình Hòa"


def test_accents_tell_apart_names_that_fold_alike(wards: WardRegistry) -> None:
    assert wards.resolve("Xã Thạnh An").code == "27676"
    assert wards.resolve("Xã Thanh An").code == "25807"


@pytest.mark.parametrize("query", ["thanh an", "Xa Thanh An", "Thành An"])
def test_name_without_telling_accents_is_ambiguous(wards: WardRegistry, query: str) -> None:
    with pytest.raises(AmbiguousWard) as raised:
        wards.resolve(query)
    assert {w.code for w in raised.value.candidates} == {"25807", "27676"}
    assert "Xã Thanh An (25807)" in str(raised.value)
    assert "Xã Thạnh An (27676)" in str(raised.value)


def test_kind_in_the_query_must_match(wards: WardRegistry) -> None:
    with pytest.raises(UnknownWard):
        wards.resolve("Xã Bến Thành")


@pytest.mark.parametrize("query", ["", "Phường", "Bến Thành Market", "99999", "Phường 1"])
def test_unknown_names_and_codes(wards: WardRegistry, query: str) -> None:
    with pytest.raises(UnknownWard) as raised:
        wards.resolve(query)
    assert repr(query) in str(raised.value)


def test_former_districts_get_a_hint(wards: WardRegistry) -> None:
    with pytest.raises(UnknownWard, match="districts were abolished on 1 July 2025"):
        wards.resolve("Quận 1")


def test_short_name_drops_the_kind() -> None:
    assert Ward("26743", "Phường Bến Thành", WardKind.PHUONG).short_name == "Bến Thành"
    assert Ward(CON_DAO, "Đặc khu Côn Đảo", WardKind.DAC_KHU).short_name == "Côn Đảo"


def test_a_registry_can_be_built_from_any_wards() -> None:
    registry = WardRegistry([Ward("00001", "Phường A", WardKind.PHUONG)])
    assert registry.resolve("a").code == "00001"
    assert "00001" in registry


def test_every_ward_resolves_by_code_name_and_short_name(wards: WardRegistry) -> None:
    for ward in wards.all():
        assert wards.resolve(ward.code) == ward
        assert wards.resolve(ward.name) == ward
        assert wards.resolve(f"{ward.kind.value} {ward.short_name.upper()}") == ward


def test_only_thanh_an_is_ambiguous_without_accents(wards: WardRegistry) -> None:
    ambiguous = set()
    for ward in wards.all():
        try:
            assert wards.resolve(fold(ward.name)) == ward
        except AmbiguousWard as error:
            ambiguous |= {w.code for w in error.candidates}
    assert ambiguous == {"25807", "27676"}
