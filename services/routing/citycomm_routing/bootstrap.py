"""Wires routing's domain to its configuration data: one place, so tests build the same pieces."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, SystemClock
from citycomm_common.directory import load_categories, load_directory
from citycomm_routing.domain.deadlines import PolicyBook, load_policies
from citycomm_routing.domain.lifecycle import Context
from citycomm_routing.domain.router import Router


@dataclass(frozen=True)
class Dependencies:
    router: Router
    policies: PolicyBook
    calendar: WorkingCalendar
    clock: Clock

    def context(self) -> Context:
        return Context(self.router, self.policies, self.calendar, self.clock.now())


def build(config_dir: Path, clock: Clock | None = None) -> Dependencies:
    directory = load_directory(config_dir / "directory.yaml")
    categories = {c.code: c for c in load_categories(config_dir / "categories.yaml")}
    return Dependencies(
        router=Router(directory, categories),
        policies=load_policies(config_dir / "deadline-policies.yaml"),
        calendar=load_calendar(config_dir / "calendar.yaml"),
        clock=clock or SystemClock(),
    )
