"""Wires routing's domain to its configuration data: one place, so tests build the same pieces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, SystemClock
from citycomm_common.directory import Category, Directory, load_categories, load_directory
from citycomm_routing.domain.deadlines import PolicyBook, load_policies
from citycomm_routing.domain.guards import Context
from citycomm_routing.domain.router import Router
from citycomm_routing.domain.rules import References, RuleBook, load_rules


@dataclass
class Dependencies:
    """Routing's data; the directory is read through `current_directory`, which may change."""

    file_directory: Directory
    categories: dict[str, Category]
    rules: RuleBook
    policies: PolicyBook
    calendar: WorkingCalendar
    clock: Clock
    current_directory: Callable[[], Directory] | None = None
    _router: Router | None = field(default=None, repr=False)

    @property
    def directory(self) -> Directory:
        return (self.current_directory or (lambda: self.file_directory))()

    @property
    def router(self) -> Router:
        """The router over the directory in force now (rebuilt only when it changed)."""
        directory = self.directory
        if self._router is None or self._router.directory is not directory:
            self._router = Router(directory, self.categories, self.rules)
        return self._router

    def context(self) -> Context:
        return Context(self.router, self.policies, self.calendar, self.clock.now())


def build(config_dir: Path, clock: Clock | None = None, rules_file: str = "routing-rules.yaml"
          ) -> Dependencies:
    directory = load_directory(config_dir / "directory.yaml")
    categories = {c.code: c for c in load_categories(config_dir / "categories.yaml", directory)}
    policies = load_policies(config_dir / "deadline-policies.yaml")
    references = References(directory, categories, frozenset(p.id for p in policies.policies))
    return Dependencies(
        file_directory=directory,
        categories=categories,
        rules=load_rules(config_dir / rules_file, references),
        policies=policies,
        calendar=load_calendar(config_dir / "calendar.yaml"),
        clock=clock or SystemClock(),
    )
