"""People who sign in to the reporting pages, and what each role may see and do (decision 0082).

- leadership: every page and report of the whole city; changes nothing;
- operator: the same, and may publish a report now;
- agency: its own agency's figures and inquiries only.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("leadership", "operator", "agency")


@dataclass(frozen=True)
class Person:
    login: str
    name: str
    role: str
    agency_id: str = ""

    @property
    def sees_the_city(self) -> bool:
        return self.role in ("leadership", "operator")

    @property
    def may_publish(self) -> bool:
        return self.role == "operator"

    def may_see_agency(self, agency_id: str) -> bool:
        return self.sees_the_city or agency_id == self.agency_id

    def scope(self) -> str:
        """The agency a listing or figure is kept to ("" for the whole city)."""
        return "" if self.sees_the_city else self.agency_id
