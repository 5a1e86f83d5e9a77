"""Wards named by an address: today's ward in a street address, a former ward (before 1 July 2025)
with its district mapped to today's by the official correspondence, and clear refusals."""

from __future__ import annotations

from collections import Counter

import pytest

from citycomm_common.former_wards import load_former_wards
from citycomm_common.settings import REPO_CONFIG_DIR
from citycomm_common.ward_addresses import DividedWard, WardAddresses
from citycomm_common.wards import AmbiguousWard, UnknownWard, hcmc_wards
from citycomm_dev import gen_former_wards
from tests.unit.test_intake_rest import make_rig

FORMER = load_former_wards(REPO_CONFIG_DIR)
ADDRESSES = WardAddresses(hcmc_wards(), FORMER)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("123 Lê Lợi, Phường Sài Gòn, TP.HCM", "26740"),
        ("123 Le Loi, Phuong Sai Gon, TP HCM", "26740"),
        ("12 Nguyễn Huệ, P. Bến Thành, Thành phố Hồ Chí Minh", "26743"),
        ("Số 5 đường số 3, Xã Thạnh An, TP.HCM", "27676"),
        ("Phường Sài Gòn", "26740"),
        ("26740", "26740"),
        # Before 1 July 2025 (Nghị quyết 1685/NQ-UBTVQH15): the former ward and its district.
        ("Phường Bến Nghé, Quận 1", "26740"),
        ("12 Nguyễn Huệ, P.Bến Nghé, Q.1, TP.HCM", "26740"),
        ("phuong ben nghe quan 1 tphcm", "26740"),
        ("Phường 1, Quận 3", "27160"),  # today's Phường Bàn Cờ
        ("45 Võ Văn Tần, P1, Q3", "27160"),
        ("Phường Bến Thành, Quận 1", "26743"),
        ("Phường 14, Bình Thạnh", "26929"),  # the district without its kind word
        ("Phường Thảo Điền, Quận 2", "27118"),  # Quận 2 is in Thành phố Thủ Đức since 2021
        ("Thị trấn Củ Chi, Huyện Củ Chi", "27496"),
        ("Huyện Côn Đảo, Bà Rịa - Vũng Tàu", "26732"),  # a district that became one unit
        # Divided, and the address also names one of today's wards it went to.
        ("Phường Đa Kao, Quận 1 (nay là Phường Sài Gòn)", "26740"),
        # A name that is a former and a current ward: without a district it is today's.
        ("Phường Cầu Ông Lãnh", "26758"),
        ("Phường Bến Nghé", "26740"),  # a former name found in one district only
    ],
)
def test_an_address_names_one_ward_of_today(address: str, code: str) -> None:
    assert ADDRESSES.resolve(address).code == code


def test_a_divided_former_ward_is_ambiguous_and_names_its_successors() -> None:
    with pytest.raises(DividedWard) as caught:
        ADDRESSES.resolve("Phường Đa Kao, Quận 1")
    assert [w.code for w in caught.value.candidates] == ["26737", "26740"]
    assert "Phường Tân Định (26737)" in str(caught.value) and "Quận 1" in str(caught.value)
    assert "Phường Sài Gòn (26740)" in caught.value.message_vi
    # Its own name is also today's ward it partly became: that alone does not decide.
    with pytest.raises(DividedWard):
        ADDRESSES.resolve("Phường Cầu Ông Lãnh, Quận 1")


@pytest.mark.parametrize(
    ("address", "codes"),
    [
        ("Phường Bến Thành giáp Phường Sài Gòn", {"26743", "26740"}),
        ("12 Lê Lợi, Bến Thành, Sài Gòn", {"26743", "26740"}),
        ("xa thanh an", {"25807", "27676"}),
    ],
)
def test_an_address_naming_several_wards_is_ambiguous(address: str, codes: set[str]) -> None:
    with pytest.raises(AmbiguousWard) as caught:
        ADDRESSES.resolve(address)
    assert {w.code for w in caught.value.candidates} == codes


def test_a_former_ward_name_of_several_districts_asks_for_the_district() -> None:
    with pytest.raises(AmbiguousWard) as caught:
        ADDRESSES.resolve("Phường 1")
    assert "add its district" in str(caught.value) and "quận, huyện" in caught.value.message_vi
    assert len(caught.value.candidates) > 5


@pytest.mark.parametrize("address", ["123 Lê Lợi, TP.HCM", "Quận 1", "Phường Không Có, Quận 1", ""])
def test_an_address_naming_no_ward_is_unknown(address: str) -> None:
    with pytest.raises(UnknownWard) as caught:
        ADDRESSES.resolve(address)
    assert caught.value.message_vi


def test_every_former_ward_maps_to_wards_of_today() -> None:
    """config/former-wards.yaml: Nghị quyết 1685/NQ-UBTVQH15 for the 273 units of the former city, 91
    of Bình Dương and 77 of Bà Rịa - Vũng Tàu; every unit it names today is in the registry."""
    assert "1685/NQ-UBTVQH15" in FORMER.legal_basis and str(FORMER.in_force) == "2025-07-01"
    districts = {d.code: d for d in FORMER.districts}
    by_province = Counter(
        "binh-duong" if int(w.district) < 740 else "ba-ria-vung-tau" if int(w.district) < 760 else "hcmc"
        for w in FORMER.wards
    )
    assert by_province == {"hcmc": 273, "binh-duong": 91, "ba-ria-vung-tau": 77}
    registry = hcmc_wards()
    reached = {code for w in FORMER.wards for code in w.now} | {c for d in FORMER.districts for c in d.now}
    assert all(w.district in districts for w in FORMER.wards)
    assert reached == {w.code for w in registry.all()}  # every ward of today has a past
    for ward in FORMER.wards:  # and each former ward, in its district, resolves as the data says
        address = f"{ward.name}, {districts[ward.district].name}"
        if ward.divided:
            with pytest.raises(DividedWard):
                ADDRESSES.resolve(address)
        else:
            assert ADDRESSES.resolve(address).code == ward.now[0], address


def test_the_generator_names_todays_wards_by_the_registrys_codes() -> None:
    """The package's newer release numbers some wards differently: they are matched by name."""
    extracted = {
        "source": "vietnam-provinces 2026.9.0", "in_force": "2025-07-01",
        "rows": [
            {"code": 26737, "name": "Phường Đa Kao", "district": [760, "Quận 1"],
             "now": ["Phường Tân Định", "Phường Sài Gòn"]},
            {"code": 27091, "name": "Phường An Phú", "district": [769, "Thành phố Thủ Đức"],
             "now": ["Phường An Khánh"]},
        ],
    }
    data = gen_former_wards.build(extracted)
    assert [w["now"] for w in data["wards"]] == [["26737", "26740"], ["27118"]]
    districts = {d["code"]: d.get("now", []) for d in data["districts"]}
    assert districts == {"755": ["26732"], "760": [], "769": []}
    text = gen_former_wards.render(data)
    assert "1685/NQ-UBTVQH15" in text and "- {code: '26737', name: Phường Đa Kao, district: '760'" in text


def test_the_rest_ward_field_takes_the_same_addresses() -> None:
    feedback = {"category": "noise", "title": "Karaoke", "description": "Hát karaoke sau 22 giờ"}
    for rig in make_rig():
        address = "12 Nguyễn Huệ, P. Bến Nghé, Q.1"
        accepted = rig.client.post("/v1/feedback", json={**feedback, "ward": address})
        assert accepted.status_code == 202, accepted.text
        assert rig.publisher.commands[-1].ward_code == "26740"
        divided = rig.client.post("/v1/feedback", json={**feedback, "ward": "Phường Đa Kao, Quận 1"})
        assert divided.status_code == 422
        [error] = divided.json()["errors"]
        assert error["field"] == "ward" and "Phường Tân Định (26737)" in error["message"]
        assert "đã được chia" in error["message_vi"]
