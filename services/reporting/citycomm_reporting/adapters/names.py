"""Display names read from config/: categories (both languages) and wards from the directory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from citycomm_common.directory import AgencyKind, Directory, load_categories
from citycomm_reporting.domain.names import DisplayNames

UBND = "UBND "


def ward_names(directory: Directory) -> dict[str, str]:
    """A ward is named after its People's Committee: "UBND Phường Sài Gòn" -> "Phường Sài Gòn"."""
    names: dict[str, str] = {}
    for agency in directory.agencies:
        if agency.kind == AgencyKind.WARD:
            name = str(agency.name).removeprefix(UBND)
            names.update({code: name for code in agency.wards})
    return names


def display_names(config_dir: Path, directory: Directory, agencies: Mapping[str, str]) -> DisplayNames:
    categories = {c.code: (c.name_vi, c.name_en)
                  for c in load_categories(config_dir / "categories.yaml")}
    return DisplayNames(agencies, categories, ward_names(directory))
