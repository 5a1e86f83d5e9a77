"""Wires notifications in one place: build() makes the container of its edges and use cases from
settings (tests give their own edges), start() opens what build() made and stop() closes it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from citycomm.v1.notifications_pb2 import DeadlineClock, EndpointStatus, WebhookDelivery
from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, service_clock
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.intake_keys import Identify, IntakeCallers
from citycomm_common.wiring import Part, start_all, stop_all
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.peers import Peers
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.submitter_channel_set import channels_from
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.domain.attachment_links import AttachmentLinks
from citycomm_notifications.domain.escalation_ladder import Ladder, load_ladder
from citycomm_notifications.domain.reports import load_report_subscribers
from citycomm_notifications.domain.retries import RetryPolicy
from citycomm_notifications.domain.submitter_optout import OptOutKeys
from citycomm_notifications.domain.trends import load_trend_subscribers
from citycomm_notifications.service_layer.alerts import UnreachableAlerts
from citycomm_notifications.service_layer.delivery import Dispatcher, Limits
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.digests import DailyDigests
from citycomm_notifications.service_layer.endpoints import Endpoints
from citycomm_notifications.service_layer.escalation import Escalator
from citycomm_notifications.service_layer.operations import Operations
from citycomm_notifications.service_layer.ports import (
    Directory,
    Mirror,
    OtherWorkers,
    Publish,
    Store,
    WebhookSender,
)
from citycomm_notifications.service_layer.reports import ReportDeliveries, TrendDeliveries
from citycomm_notifications.service_layer.self_service import SelfService
from citycomm_notifications.service_layer.submitter_channels import Channel
from citycomm_notifications.service_layer.submitter_notices import SubmitterNotices, SubmitterStores
from citycomm_notifications.settings import NotificationsSettings


@dataclass(frozen=True)
class WorkerParts:
    """What the faust app gives the use cases (app.py): its tables as stores, its topics as
    callables, and where this worker stands in its group. Tests give memory stores instead."""

    clocks: Store[DeadlineClock]
    deliveries: Store[WebhookDelivery]
    endpoints: Store[EndpointStatus]
    agency_items: Store[DeadlineClock]
    publish: Publish  # to notification.events
    mirror: Mirror  # to the agency-keyed mirror of the clocks
    home: Callable[[str], str]  # inquiry id ("" for none) → the partition its deliveries are kept in
    mirror_ready: Callable[[], bool]  # whether this worker knows which mirror partitions it holds
    other_workers: Callable[[], Iterable[str]]  # the group's other members, by URL
    submitters: SubmitterStores | None = None  # what submitters are told (issue 18); None: nothing


@dataclass(frozen=True)
class Container:
    settings: NotificationsSettings
    clock: Clock
    calendar: WorkingCalendar
    ladder: Ladder
    # The edges: each one build() was not given is made from settings.
    directory: Directory  # the files plus directory.agencies (a DirectoryView)
    secrets: SecretStore
    webhooks: WebhookSender
    egress: EgressPolicy
    peers: OtherWorkers
    identify: Identify  # an API key's holder, asked of intake
    # The use cases: all that the app's agents and timers and the entrypoints call.
    deliveries: DeliveryQueue
    dispatcher: Dispatcher
    escalator: Escalator
    digests: DailyDigests
    reports: ReportDeliveries
    trends: TrendDeliveries
    operations: Operations
    self_service: SelfService
    parts: tuple[Part, ...] = ()  # what build() made, in the order start() opens them
    submitter_notices: SubmitterNotices | None = None  # e-mail, SMS, Zalo to submitters (issue 18)


def build(settings: NotificationsSettings, *, worker: WorkerParts, clock: Clock | None = None,
          calendar: WorkingCalendar | None = None, ladder: Ladder | None = None,
          directory: Directory | None = None, secrets: SecretStore | None = None,
          webhooks: WebhookSender | None = None, egress: EgressPolicy | None = None,
          peers: OtherWorkers | None = None, identify: Identify | None = None,
          channels: Mapping[str, Channel] | None = None) -> Container:
    """`worker` is always given: the stores and topics are the faust app's (app.py)."""
    parts: list[Part] = []
    clock = service_clock(settings) if clock is None else clock
    calendar = load_calendar(settings.config_dir / "calendar.yaml") if calendar is None else calendar
    ladder = _ladder(settings) if ladder is None else ladder
    directory = _directory_view(settings, parts) if directory is None else directory
    secrets = (SecretStore(settings.webhook_secrets_dir, settings.webhook_secrets_key.get_secret_value())
               if secrets is None else secrets)
    webhooks = _webhook_client(settings, parts) if webhooks is None else webhooks
    egress = EgressPolicy.parse(settings.webhook_allowed_hosts, settings.private_targets_allowed) \
        if egress is None else egress
    peers = _peers(settings, worker, parts) if peers is None else peers
    identify = _intake_callers(settings, parts) if identify is None else identify

    live = directory.live  # raises DirectoryNotLoaded until directory.agencies is read to its end
    queue = DeliveryQueue(worker.deliveries, live, clock, worker.home)
    endpoints = Endpoints(worker.endpoints, live)
    alerts = UnreachableAlerts(queue, directory=live, clock=clock, calendar=calendar, publish=worker.publish)
    dispatcher = Dispatcher(
        queue, endpoints, directory=live, secrets=secrets, client=webhooks, egress=egress, clock=clock,
        retry=RetryPolicy(tuple(settings.webhook_retry_schedule), settings.webhook_retry_jitter),
        publish=worker.publish, on_dead=alerts.agency_unreachable, links=_attachment_links(settings, clock),
        limits=Limits(settings.webhook_concurrency_per_endpoint, settings.webhook_concurrency_total,
                      settings.delivery_poll_interval))
    return Container(
        settings, clock, calendar, ladder, directory, secrets, webhooks, egress, peers, identify,
        deliveries=queue,
        dispatcher=dispatcher,
        escalator=Escalator(worker.clocks, queue, ladder=ladder, calendar=calendar, directory=live,
                            clock=clock, publish=worker.publish, mirror=worker.mirror),
        digests=DailyDigests(worker.agency_items, queue, clock=clock, calendar=calendar,
                             at=settings.digest_at, ready=worker.mirror_ready),
        reports=ReportDeliveries(load_report_subscribers(settings.config_dir / "report-subscribers.yaml"),
                                 queue),
        trends=TrendDeliveries(load_trend_subscribers(settings.config_dir / "trend-subscribers.yaml"), queue),
        operations=Operations(queue, endpoints, others=peers, clock=clock,
                              directory_loaded=directory.is_loaded),
        self_service=SelfService(queue, endpoints, live),
        parts=tuple(parts),
        submitter_notices=_submitter_notices(settings, worker, clock, channels, parts),
    )


async def start(container: Container) -> None:
    await start_all(container.parts)


async def stop(container: Container) -> None:
    await stop_all(container.parts)


async def _nothing() -> None:
    return None


def _submitter_notices(settings: NotificationsSettings, worker: WorkerParts, clock: Clock,
                       channels: Mapping[str, Channel] | None, parts: list[Part]) -> SubmitterNotices | None:
    if worker.submitters is None:
        return None
    if channels is None:
        channels = channels_from(settings)
        parts.extend(Part(_nothing, channel.close) for channel in channels.values())
    return SubmitterNotices(
        worker.submitters, channels, keys=OptOutKeys(settings.submitter_unsubscribe_key.get_secret_value()),
        clock=clock, retry=RetryPolicy(tuple(settings.webhook_retry_schedule), settings.webhook_retry_jitter),
        home=worker.home, public_url=settings.submitter_public_url,
        retention=timedelta(days=settings.submitter_retention_days),
        poll_interval=settings.delivery_poll_interval)


def _ladder(settings: NotificationsSettings) -> Ladder:
    return load_ladder(settings.config_dir / "escalation-ladder.yaml",
                       settings.config_dir / "deadline-policies.yaml")


def _directory_view(settings: NotificationsSettings, parts: list[Part]) -> DirectoryView:
    view = DirectoryView(settings, client_id="citycomm-notifications-directory")
    parts.append(Part(view.start, view.stop))
    return view


def _webhook_client(settings: NotificationsSettings, parts: list[Part]) -> WebhookClient:
    client = WebhookClient(settings.webhook_connect_timeout, settings.webhook_read_timeout,
                           max_connections=settings.webhook_concurrency_per_endpoint)
    parts.append(Part(_nothing, client.close))
    return client


def _intake_callers(settings: NotificationsSettings, parts: list[Part]) -> Identify:
    callers = IntakeCallers(settings.intake_url)
    parts.append(Part(_nothing, callers.close))
    return callers.identify


def _peers(settings: NotificationsSettings, worker: WorkerParts, parts: list[Part]) -> Peers:
    peers = Peers(worker.other_workers, settings.operator_token)
    parts.append(Part(_nothing, peers.close))
    return peers


def _attachment_links(settings: NotificationsSettings, clock: Clock) -> Callable[[str], str]:
    return AttachmentLinks(settings.attachment_link_secret.get_secret_value().encode(),
                           settings.attachment_link_base_url or settings.intake_url,
                           timedelta(minutes=settings.attachment_link_minutes), clock).fill
