"""Wires routing in one place: build() makes the container of its reference data, edges and use
cases from settings (tests give their own edges), start() opens what build() made, stop() closes it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, service_clock
from citycomm_common.directory import Category, load_categories
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.intake_keys import Identify, IntakeCallers
from citycomm_common.kafka import create_producer
from citycomm_common.wiring import Part, start_all, stop_all
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.adapters.endpoint_verifier import NotificationsVerifier
from citycomm_routing.domain.deadline_policies import PolicyBook, load_policies
from citycomm_routing.domain.rules import References, RuleBook, load_rules
from citycomm_routing.service_layer.context import DecisionContext
from citycomm_routing.service_layer.deadline_calculator import DeadlineCalculator
from citycomm_routing.service_layer.directory_admin import DirectoryAdmin
from citycomm_routing.service_layer.directory_self_service import DirectorySelfService, Verifier
from citycomm_routing.service_layer.explanations import Explanations
from citycomm_routing.settings import RoutingSettings

DIRECTORY_CLIENT = "citycomm-routing-directory"


@dataclass(frozen=True)
class Container:
    settings: RoutingSettings
    clock: Clock
    # Reference data: the configuration files, checked against each other at load time.
    calendar: WorkingCalendar
    categories: Mapping[str, Category]
    policies: PolicyBook  # the deadline policies
    rules: RuleBook  # the routing rules
    # The edges: each one build() was not given is made from settings.
    directory: DirectoryView  # the live directory: the files, then directory.agencies
    directory_writer: DirectoryWriter  # publishes the directory and operators' changes to it
    # The use cases: all that the app's agent and timer and the HTTP routers call.
    context: DecisionContext  # what inquiry commands are decided against (app.py)
    explanations: Explanations
    deadlines: DeadlineCalculator
    directory_admin: DirectoryAdmin
    directory_self_service: DirectorySelfService  # holders' own endpoint URL and secret rotation
    identify: Identify  # an API key's holder, asked of intake
    parts: tuple[Part, ...] = ()  # what build() made, in the order start() opens them


def build(settings: RoutingSettings, *, clock: Clock | None = None,
          directory: DirectoryView | None = None,
          directory_writer: DirectoryWriter | None = None, identify: Identify | None = None,
          verifier: Verifier | None = None) -> Container:
    """A `directory_writer` given must write to the `directory` given."""
    parts: list[Part] = []
    clock = service_clock(settings) if clock is None else clock
    directory = _directory_view(settings, parts) if directory is None else directory
    if directory_writer is None:
        directory_writer = _directory_writer(settings, directory, clock, parts)
    config = settings.config_dir
    files = directory.current
    categories = {c.code: c for c in load_categories(config / "categories.yaml", files)}
    policies = load_policies(config / "deadline-policies.yaml")
    references = References(files, categories, frozenset(p.id for p in policies.policies))
    rules = load_rules(config / "routing-rules.yaml", references)
    calendar = load_calendar(config / "calendar.yaml")
    context = DecisionContext(lambda: directory.current, categories, rules, policies, calendar,
                              clock)
    admin = DirectoryAdmin(directory_writer, clock,
                           public_targets_only=settings.environment == "production")
    identify = _intake_callers(settings, parts) if identify is None else identify
    verifier = _verifier(settings, parts) if verifier is None else verifier
    self_service = DirectorySelfService(
        admin, verifier, clock, sealing_keys=settings.webhook_secrets_key.get_secret_value(),
        https_only=settings.environment == "production",
        overlap=timedelta(hours=settings.self_service_overlap_hours))
    return Container(
        settings, clock, calendar, categories, policies, rules, directory, directory_writer,
        context=context,
        explanations=Explanations(context.current),
        deadlines=DeadlineCalculator(policies, calendar),
        directory_admin=admin,
        directory_self_service=self_service,
        identify=identify,
        parts=tuple(parts),
    )


async def start(container: Container) -> None:
    """The directory view first: the writer publishes what the view has read."""
    await start_all(container.parts)


async def stop(container: Container) -> None:
    await stop_all(container.parts)


def _directory_view(settings: RoutingSettings, parts: list[Part]) -> DirectoryView:
    view = DirectoryView(settings, client_id=DIRECTORY_CLIENT)
    parts.append(Part(view.start, view.stop))
    return view


def _directory_writer(settings: RoutingSettings, view: DirectoryView, clock: Clock,
                      parts: list[Part]) -> DirectoryWriter:
    writer = DirectoryWriter(view, lambda: create_producer(settings, DIRECTORY_CLIENT), clock)
    parts.append(Part(writer.start, writer.stop))
    return writer


async def _nothing() -> None:
    return None


def _intake_callers(settings: RoutingSettings, parts: list[Part]) -> Identify:
    callers = IntakeCallers(settings.intake_url)
    parts.append(Part(_nothing, callers.close))
    return callers.identify


def _verifier(settings: RoutingSettings, parts: list[Part]) -> NotificationsVerifier:
    verifier = NotificationsVerifier(settings.notifications_url,
                                     settings.notifications_operator_token.get_secret_value())
    parts.append(Part(_nothing, verifier.close))
    return verifier
