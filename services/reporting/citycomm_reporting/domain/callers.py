"""Who calls the REST API and what they may see: operators everything; an agency the inquiries
assigned to it, a press agency the ones it submitted (design.md §7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCOPED_ROLES = ("agency", "press_agency")


@dataclass(frozen=True)
class Caller:
    role: str  # operator, agency, press_agency
    id: str = ""

    @property
    def is_operator(self) -> bool:
        return self.role == "operator"

    def scope(self) -> dict[str, str]:
        """The filter that keeps a caller to its own inquiries."""
        if self.role == "agency":
            return {"agency_id": self.id}
        if self.role == "press_agency":
            return {"submitter_id": self.id}
        return {}

    def may_see(self, row: Mapping[str, Any]) -> bool:
        return all(row.get(field) == value for field, value in self.scope().items())
