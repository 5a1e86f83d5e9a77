"""What a person reads instead of a code: agencies, categories and wards by name (decision 0083).

Categories carry both languages in config/categories.yaml; agencies and wards are named as the
directory names them (Vietnamese proper names in either language). Kinds, stages, statuses and
channels are translated from the message catalogue (entrypoints/labels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DisplayNames:
    agencies: Mapping[str, str]  # id -> short name, kept up to date with the directory
    categories: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # code -> (vi, en)
    wards: Mapping[str, str] = field(default_factory=dict)  # code -> "Phường Sài Gòn"

    def agency(self, agency_id: str | None, unknown: str) -> str:
        return self.agencies.get(agency_id or "", unknown) if agency_id else unknown

    def category(self, code: str | None, lang: str, unknown: str) -> str:
        names = self.categories.get(code or "")
        return (names[1] if lang == "en" and names[1] else names[0]) if names else unknown

    def ward(self, code: str | None, unknown: str) -> str:
        return self.wards.get(code or "", unknown)
