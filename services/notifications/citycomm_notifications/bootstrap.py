"""Wires notifications' pieces from its settings and configuration data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, service_clock
from citycomm_common.directory import Directory
from citycomm_common.directory_feed import DirectoryView
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.delivery import Limits
from citycomm_notifications.domain.ladder import Ladder, load_ladder
from citycomm_notifications.domain.reports import ReportSubscribers, load_report_subscribers
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.settings import NotificationsSettings


@dataclass(frozen=True)
class Dependencies:
    # Asked afresh each time: the network changes while we run. Raises DirectoryNotLoaded until the
    # view has read directory.agencies to its end: nothing is decided on the files alone.
    directory: Callable[[], Directory]
    directory_view: DirectoryView | None  # the files plus directory.agencies (None in unit tests)
    report_subscribers: ReportSubscribers
    secrets: SecretStore
    webhooks: WebhookClient
    clock: Clock
    calendar: WorkingCalendar
    ladder: Ladder
    egress: EgressPolicy
    retry: RetryPolicy
    limits: Limits


def build(settings: NotificationsSettings, clock: Clock | None = None) -> Dependencies:
    view = DirectoryView(settings, client_id="citycomm-notifications-directory")
    return Dependencies(
        directory=view.live,
        directory_view=view,
        report_subscribers=load_report_subscribers(settings.config_dir / "report-subscribers.yaml"),
        secrets=SecretStore(settings.webhook_secrets_dir),
        webhooks=WebhookClient(settings.webhook_connect_timeout, settings.webhook_read_timeout,
                               max_connections=settings.webhook_concurrency_per_endpoint),
        clock=clock or service_clock(settings),
        calendar=load_calendar(settings.config_dir / "calendar.yaml"),
        ladder=load_ladder(settings.config_dir / "escalation-ladder.yaml",
                           settings.config_dir / "deadline-policies.yaml"),
        egress=EgressPolicy.parse(settings.webhook_allowed_hosts, settings.private_targets_allowed),
        retry=RetryPolicy(tuple(settings.webhook_retry_schedule), settings.webhook_retry_jitter),
        limits=Limits(settings.webhook_concurrency_per_endpoint, settings.webhook_concurrency_total,
                      settings.delivery_poll_interval),
    )
