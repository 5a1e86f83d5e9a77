"""The communication network: the real data files, look-ups and load-time checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from citycomm_common.config_files import ConfigError
from citycomm_common.directory import (
    Agency,
    AgencyKind,
    Category,
    CategoryLevel,
    Directory,
    WebhookEndpoint,
    load_categories,
    load_directory,
)
from citycomm_common.text import fold
from citycomm_common.wards import hcmc_wards

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
MERGER = date(2025, 7, 1)
BEN_THANH = "26743"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(CONFIG / "directory.yaml")


@pytest.fixture(scope="module")
def categories(directory: Directory) -> dict[str, Category]:
    return {c.code: c for c in load_categories(CONFIG / "categories.yaml", directory)}


def agency(id: str, kind: str = "department", **fields: Any) -> Agency:
    return Agency.model_validate(
        {"id": id, "name": id, "short_name": id, "kind": kind, "valid_from": MERGER, **fields}
    )


def endpoint(id: str, **fields: object) -> WebhookEndpoint:
    return WebhookEndpoint.model_validate(
        {"id": id, "url": f"https://{id}.example/hooks", "secret_refs": [f"env:{id.upper()}"]} | fields
    )


# The real data files


def test_every_ward_has_exactly_one_authority(directory: Directory) -> None:
    for day in (MERGER, date.today()):
        authorities = [a for a in directory.active(day) if a.kind is AgencyKind.WARD]
        assert len(authorities) == 168
        assert sorted(a.wards[0] for a in authorities) == [w.code for w in hcmc_wards().all()]


def test_ward_authorities_report_to_the_city_office(directory: Directory) -> None:
    authority = directory.ward_authority(BEN_THANH, MERGER)
    assert (authority.id, authority.name) == ("ubnd-26743", "UBND Phường Bến Thành")
    assert authority.supervisor == "van-phong-ubnd-tp"


def test_the_city_office_and_fourteen_departments(directory: Directory) -> None:
    kinds = Counter(a.kind for a in directory.active(MERGER))
    assert kinds[AgencyKind.CITY_OFFICE] == 1
    assert kinds[AgencyKind.DEPARTMENT] == 14
    assert kinds[AgencyKind.PRESS_CENTER] == 1
    assert kinds[AgencyKind.PRESS_AGENCY] >= 7
    departments = [a for a in directory.agencies if a.kind is AgencyKind.DEPARTMENT]
    assert {a.supervisor for a in departments} == {"van-phong-ubnd-tp"}


def test_coordinator_is_a_department(directory: Directory) -> None:
    assert directory.get(directory.coordinator).kind is AgencyKind.DEPARTMENT


def test_nothing_is_active_before_the_merger(directory: Directory) -> None:
    assert directory.active(date(2025, 6, 30)) == []


def test_default_endpoint_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, directory: Directory
) -> None:
    assert directory.default_endpoint is not None
    if "CITYCOMM_DEMO_INBOX_URL" not in os.environ:
        assert directory.default_endpoint.url == "http://127.0.0.1:8090/webhooks"
    assert directory.default_endpoint.secret_refs == ["env:CITYCOMM_DEMO_INBOX_SECRET"]
    monkeypatch.setenv("CITYCOMM_DEMO_INBOX_URL", "https://inbox.example/hooks")
    reloaded = load_directory(CONFIG / "directory.yaml")
    assert reloaded.default_endpoint is not None
    assert reloaded.default_endpoint.url == "https://inbox.example/hooks"


def test_every_category_has_an_existing_department(
    directory: Directory, categories: dict[str, Category]
) -> None:
    owners = {AgencyKind.DEPARTMENT, AgencyKind.CITY_OFFICE}
    for category in categories.values():
        assert directory.get(category.department).kind in owners
        assert directory.department_for(category, MERGER).id == category.department


def test_categories_cover_the_portals_main_kinds(categories: dict[str, Category]) -> None:
    codes = set(categories)
    assert {"admin-procedures", "urban-infrastructure", "noise", "public-transport"} <= codes
    assert {"sidewalk-encroachment", "drainage-flooding", "other"} <= codes
    assert categories["food-safety"].department == "so-an-toan-thuc-pham"


def test_keywords_are_folded_and_not_too_short(categories: dict[str, Category]) -> None:
    for category in categories.values():
        assert all(k == fold(k) and len(k) >= 3 for k in category.keywords)
    assert "ngap nuoc" in categories["drainage-flooding"].keywords


def test_generated_wards_file_is_up_to_date() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "common/src"), str(ROOT / "devtools")]),
    }
    generated = subprocess.run(
        [sys.executable, "-m", "citycomm_dev.gen_directory"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert generated == (CONFIG / "wards.yaml").read_text(encoding="utf-8")
    assert generated.startswith("# GENERATED")
    assert "vietnam-provinces 2025.10.1" in generated.splitlines()[1]


# Look-ups


def test_get_unknown_agency_names_it(directory: Directory) -> None:
    with pytest.raises(LookupError, match="'so-thong-tin-truyen-thong'"):
        directory.get("so-thong-tin-truyen-thong")


def test_ward_authority_by_resolved_name(directory: Directory) -> None:
    code = hcmc_wards().resolve("dac khu con dao").code
    assert directory.ward_authority(code, MERGER).name == "UBND Đặc khu Côn Đảo"


def test_ward_authority_before_the_merger_is_unknown(directory: Directory) -> None:
    with pytest.raises(LookupError, match="ward 26743 on 2025-06-30"):
        directory.ward_authority(BEN_THANH, date(2025, 6, 30))


def test_ward_authority_follows_dated_succession() -> None:
    old = agency("ubnd-old", "ward", wards=[BEN_THANH], valid_until=date(2026, 1, 31))
    new = agency("ubnd-new", "ward", wards=[BEN_THANH], valid_from=date(2026, 2, 1))
    network = Directory(coordinator="ubnd-old", agencies=[old, new])
    assert network.ward_authority(BEN_THANH, date(2026, 1, 31)).id == "ubnd-old"
    assert network.ward_authority(BEN_THANH, date(2026, 2, 1)).id == "ubnd-new"


def test_department_for_prefers_a_dated_takeover() -> None:
    takeover = date(2026, 3, 1)
    owner = agency("so-a")
    taker = agency("so-b", categories=["noise"], valid_from=takeover)
    network = Directory(coordinator="so-a", agencies=[owner, taker])
    noise = Category(
        code="noise", name_vi="Tiếng ồn", name_en="Noise", level=CategoryLevel.WARD, department="so-a"
    )
    assert network.department_for(noise, MERGER).id == "so-a"
    assert network.department_for(noise, takeover).id == "so-b"


def test_endpoints_fall_back_only_for_agencies_without_any() -> None:
    own, spare = endpoint("own"), endpoint("spare", enabled=False)
    network = Directory(
        coordinator="so-a",
        default_endpoint=endpoint("default"),
        agencies=[
            agency("so-a", endpoints=[own, spare]),
            agency("so-b"),
            agency("so-c", endpoints=[spare]),
        ],
    )
    assert network.endpoints_for("so-a") == [own]
    assert [e.id for e in network.endpoints_for("so-b")] == ["default"]
    assert network.endpoints_for("so-c") == []


def test_endpoint_wants_subscribed_events() -> None:
    hook = endpoint("x", events=["inquiry.*", "report.published"])
    assert hook.wants("inquiry.assigned")
    assert hook.wants("report.published")
    assert not hook.wants("reminder.sent")
    assert endpoint("all").wants("anything")


# Model checks


def test_names_are_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "  Sở   Y tế ")
    assert agency("so-a", name=decomposed).name == "Sở Y tế"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"valid_until": date(2025, 6, 1)}, "valid_until"),
        ({"kind": "ward", "wards": [BEN_THANH, "26740"]}, "wards"),
        ({"kind": "ward"}, "wards"),
        ({"supervisor": "so-a"}, "supervisor"),
        ({"wards": [BEN_THANH, BEN_THANH]}, "wards.1"),
        ({"parent": "Sở Y tế"}, "parent"),
    ],
)
def test_agency_rejects_inconsistent_fields(fields: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as raised:
        agency("so-a", **fields)
    assert where in {".".join(map(str, e["loc"])) for e in raised.value.errors()}


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "ftp://inbox.example/"},
        {"url": "https://user:pass@inbox.example/"},
        {"url": "/webhooks"},
        {"secret_refs": ["s3cr3t"]},
        {"secret_refs": []},
    ],
)
def test_endpoint_rejects_unsafe_settings(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        endpoint("x", **fields)


def test_overlapping_ward_authorities_are_rejected() -> None:
    first = agency("ubnd-a", "ward", wards=[BEN_THANH])
    second = agency("ubnd-b", "ward", wards=[BEN_THANH], valid_from=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="already held by ubnd-a"):
        Directory(coordinator="ubnd-a", agencies=[first, second])


# Invalid files: errors name the file and the line


@pytest.fixture
def config(tmp_path: Path) -> Path:
    for name in ("directory.yaml", "wards.yaml", "categories.yaml"):
        shutil.copy(CONFIG / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; return its line number (1-based)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_unknown_supervisor_names_file_and_line(config: Path) -> None:
    line = edit(config / "directory.yaml", "supervisor: van-phong-ubnd-tp", "supervisor: vp-ubnd")
    with pytest.raises(ConfigError, match="'vp-ubnd'") as raised:
        load_directory(config / "directory.yaml")
    assert (raised.value.path, raised.value.line) == (config / "directory.yaml", line)


def test_bad_ward_code_in_included_file_names_that_file(config: Path) -> None:
    line = edit(config / "wards.yaml", "wards: ['26743']", "wards: ['99999']")
    with pytest.raises(ConfigError, match="99999 is not a ward of the city") as raised:
        load_directory(config / "directory.yaml")
    assert (raised.value.path, raised.value.line) == (config / "wards.yaml", line)


def test_id_reused_across_files(config: Path) -> None:
    line = edit(config / "wards.yaml", "id: ubnd-25747", "id: so-y-te")
    with pytest.raises(ConfigError, match="so-y-te is used twice") as raised:
        load_directory(config / "directory.yaml")
    assert (raised.value.path, raised.value.line) == (config / "wards.yaml", line)


def test_misspelt_field_names_its_line(config: Path) -> None:
    line = edit(config / "directory.yaml", "    short_name: Sở Y tế", "    shortname: Sở Y tế")
    with pytest.raises(ConfigError, match="shortname") as raised:
        load_directory(config / "directory.yaml")
    assert f"directory.yaml:{line}:" in str(raised.value)


def test_missing_ward_authorities_are_counted(config: Path) -> None:
    edit(config / "directory.yaml", "include: [wards.yaml]", "include: []")
    with pytest.raises(ConfigError, match="no People's Committee for 168 wards") as raised:
        load_directory(config / "directory.yaml")
    assert raised.value.path == config / "directory.yaml"


def test_closed_ward_authority_leaves_a_gap(config: Path) -> None:
    line = edit(
        config / "wards.yaml",
        "wards: ['26743']",
        "wards: ['26743']\n  valid_until: 2026-01-31",
    )
    with pytest.raises(ConfigError, match="ward 26743 has no People's Committee after"):
        load_directory(config / "directory.yaml")
    assert line > 0


def test_category_with_unknown_department_names_its_line(config: Path, directory: Directory) -> None:
    line = edit(config / "categories.yaml", "department: so-y-te", "department: so-suc-khoe")
    with pytest.raises(ConfigError, match="'so-suc-khoe'") as raised:
        load_categories(config / "categories.yaml", directory)
    assert (raised.value.path, raised.value.line) == (config / "categories.yaml", line)


def test_category_owned_by_a_ward_is_rejected(config: Path, directory: Directory) -> None:
    edit(config / "categories.yaml", "department: so-y-te", "department: ubnd-26743")
    with pytest.raises(ConfigError, match="ubnd-26743 is a ward, not a department"):
        load_categories(config / "categories.yaml", directory)


def test_duplicate_category_code(config: Path) -> None:
    edit(config / "categories.yaml", "code: other", "code: noise")
    with pytest.raises(ConfigError, match="noise is listed twice"):
        load_categories(config / "categories.yaml")
