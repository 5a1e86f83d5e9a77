"""The context a decision is taken in now: the rules over the directory in force, the deadline
policies, the calendar and the time."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_common.directory import Category, Directory
from citycomm_routing.domain.deadline_policies import PolicyBook
from citycomm_routing.domain.lifecycle.decision import Context
from citycomm_routing.domain.router import Router
from citycomm_routing.domain.rules import RuleBook


class DecisionContext:
    """Gives the current Context; the router is rebuilt only when the directory changed."""

    def __init__(self, directory: Callable[[], Directory], categories: Mapping[str, Category],
                 rules: RuleBook, policies: PolicyBook, calendar: WorkingCalendar,
                 clock: Clock) -> None:
        self._directory = directory
        self._categories = categories
        self._rules = rules
        self.policies = policies
        self.calendar = calendar
        self.clock = clock
        self._router: Router | None = None

    @property
    def router(self) -> Router:
        """The router over the directory in force now."""
        directory = self._directory()
        if self._router is None or self._router.directory is not directory:
            self._router = Router(directory, self._categories, self._rules)
        return self._router

    def current(self) -> Context:
        return Context(self.router, self.policies, self.calendar, self.clock.now())
