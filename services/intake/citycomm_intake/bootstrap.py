"""Wires intake in one place: build() makes the container of its edges and use cases from settings
(tests give fakes for the edges), start() opens what build() made and stop() closes it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from citycomm_common.clock import Clock, SystemClock, service_clock
from citycomm_common.directory import Category, load_categories, load_directory
from citycomm_common.directory_feed import DirectorySource, DirectoryView
from citycomm_common.former_wards import load_former_wards
from citycomm_common.health import BrokerProbe
from citycomm_common.kafka import create_producer
from citycomm_common.topics import DIRECTORY_AGENCIES
from citycomm_common.ward_addresses import WardAddresses
from citycomm_common.wards import WardRegistry, hcmc_wards
from citycomm_common.wiring import Part, start_all, stop_all
from citycomm_intake.adapters.attachment_store import AttachmentStore, FilesystemStore, S3Store, s3_client
from citycomm_intake.adapters.key_cache import CachedKeys
from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.adapters.live_directory import read_live_directory
from citycomm_intake.adapters.publisher import CommandPublisher
from citycomm_intake.adapters.rate_limits import citizen_limiter
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_intake.domain.geo import CityBounds, load_bounds
from citycomm_intake.domain.rate_limit import RateLimiter
from citycomm_intake.domain.references import References
from citycomm_intake.service_layer.actions import Actions
from citycomm_intake.service_layer.attachments import Attachments
from citycomm_intake.service_layer.callers import Callers
from citycomm_intake.service_layer.health import Health, Reachable
from citycomm_intake.service_layer.key_admin import KeyAdmin
from citycomm_intake.service_layer.lookups import Lookups
from citycomm_intake.service_layer.ports import KeyDatabase, Keys, Publisher, Reporting
from citycomm_intake.service_layer.retention import IdempotencyPurge, Purgeable
from citycomm_intake.service_layer.submissions import Submissions
from citycomm_intake.settings import IntakeSettings


@dataclass(frozen=True)
class Container:
    settings: IntakeSettings
    clock: Clock
    # The edges: each one build() was not given is made from settings.
    publisher: Publisher
    reporting: Reporting
    keys: KeyDatabase
    directory: DirectorySource  # the live directory (directory.agencies), or the files in tests
    citizens: RateLimiter
    broker: Reachable
    # Reference data the entrypoints format with (Open311's services and their ward attribute).
    categories: Mapping[str, Category]
    wards: WardRegistry
    # The use cases: all that the entrypoints call.
    callers: Callers
    submissions: Submissions
    actions: Actions
    lookups: Lookups
    health: Health
    purge: IdempotencyPurge
    attachments: Attachments  # photos and documents (issue 18): check, sanitise, store, open
    bounds: CityBounds  # the city's box for lat/long
    parts: tuple[Part, ...] = ()  # what build() made, in the order start() opens them


def build(
    settings: IntakeSettings,
    *,
    clock: Clock | None = None,
    publisher: Publisher | None = None,
    reporting: Reporting | None = None,
    keys: KeyDatabase | None = None,
    directory: DirectorySource | None = None,
    citizens: RateLimiter | None = None,
    broker: Reachable | None = None,
    attachment_store: AttachmentStore | None = None,
) -> Container:
    """The same pieces in production and in tests; an edge not given is made from settings (the
    producer needs a running event loop: build inside the lifespan)."""
    parts: list[Part] = []
    clock = service_clock(settings) if clock is None else clock
    citizens = _limiter(settings, parts) if citizens is None else citizens
    purged = keys is None  # the background purge runs on the key database build() opens
    keys = _keystore(settings, parts) if keys is None else keys
    publisher = _publisher(settings, parts) if publisher is None else publisher
    reporting = _reporting(settings, parts) if reporting is None else reporting
    broker = _probe(settings, parts) if broker is None else broker
    directory = _directory_view(settings, parts) if directory is None else directory
    purge = idempotency_purge(settings, keys, clock)
    if purged:
        parts.append(Part(_started(purge.start), purge.stop))
    store = attachment_store or _attachment_store(settings)
    return _assemble(
        settings, clock, publisher, reporting, keys, directory, citizens, broker, purge, tuple(parts),
        store,
    )


def _assemble(
    settings: IntakeSettings,
    clock: Clock,
    publisher: Publisher,
    reporting: Reporting,
    keys: KeyDatabase,
    directory: DirectorySource,
    citizens: RateLimiter,
    broker: Reachable,
    purge: IdempotencyPurge,
    parts: tuple[Part, ...],
    store: AttachmentStore,
) -> Container:
    categories = {c.code: c for c in load_categories(settings.config_dir / "categories.yaml")}
    wards = hcmc_wards()
    addresses = WardAddresses(wards, load_former_wards(settings.config_dir))
    retry_after = settings.retry_after_seconds
    references = References(addresses, categories, directory, retry_after)
    verified = cached_keys(settings, keys)
    submissions = Submissions(
        publisher=publisher,
        keys=verified,
        references=references,
        clock=clock,
        tracking_secret=settings.tracking_secret.get_secret_value().encode(),
        retry_after=retry_after,
    )
    return Container(
        settings, clock, publisher, reporting, keys, directory, citizens, broker, categories, wards,
        callers=Callers(keys=verified, citizens=citizens),
        submissions=submissions,
        actions=Actions(publisher=publisher, reporting=reporting, directory=directory, clock=clock,
                        retry_after=retry_after),
        lookups=Lookups(reporting=reporting, retry_after=retry_after),
        health=Health(broker=broker, database=keys, directory=directory),
        purge=purge,
        attachments=Attachments(store, link_secret=settings.attachment_link_secret.get_secret_value()
                                .encode(), clock=clock),
        bounds=load_bounds(settings.config_dir),
        parts=parts,
    )


async def start(container: Container) -> None:
    await start_all(container.parts)


async def stop(container: Container) -> None:
    """Closes in the reverse order: background work before the store it uses."""
    await stop_all(container.parts)


def idempotency_purge(settings: IntakeSettings, store: Purgeable, clock: Clock) -> IdempotencyPurge:
    return IdempotencyPurge(
        store,
        clock,
        retention=timedelta(days=settings.idempotency_key_retention_days),
        interval=settings.idempotency_purge_interval_seconds,
        batch=settings.idempotency_purge_batch,
    )


def cached_keys(settings: IntakeSettings, store: Keys) -> Keys:
    """The key store, with verified keys cached unless CITYCOMM_API_KEY_CACHE_SECONDS is 0."""
    if settings.api_key_cache_seconds <= 0:
        return store
    return CachedKeys(store, ttl=settings.api_key_cache_seconds, size=settings.api_key_cache_size)


async def _nothing() -> None:
    return None


def _started(start_task: Callable[[], None]) -> Callable[[], Awaitable[None]]:
    """A part whose start() only creates its task (the broker probe, the purge)."""

    async def run() -> None:
        start_task()

    return run


def _attachment_store(settings: IntakeSettings) -> AttachmentStore:
    if settings.attachment_store == "s3":
        client = s3_client(settings.s3_endpoint_url, settings.s3_region, settings.s3_access_key_id,
                           settings.s3_secret_access_key.get_secret_value())
        return S3Store(client, settings.s3_bucket)
    return FilesystemStore(settings.attachments_dir)


def _limiter(settings: IntakeSettings, parts: list[Part]) -> RateLimiter:
    limiter = citizen_limiter(settings)
    parts.append(Part(_nothing, limiter.close))
    return limiter


def _keystore(settings: IntakeSettings, parts: list[Part]) -> KeyStore:
    store = KeyStore.connect(settings.api_keys_database_url, pool_size=settings.api_keys_database_pool_size)
    parts.append(Part(store.start, store.close))
    return store


def _publisher(settings: IntakeSettings, parts: list[Part]) -> CommandPublisher:
    producer = create_producer(settings, client_id="citycomm-intake")
    publisher = CommandPublisher(producer, settings.produce_timeout)
    parts.append(Part(publisher.start, publisher.close))
    return publisher


def _reporting(settings: IntakeSettings, parts: list[Part]) -> ReportingClient:
    client = ReportingClient(settings.reporting_grpc_target, settings.reporting_grpc_token.get_secret_value())
    parts.append(Part(_nothing, client.close))
    return client


def _probe(settings: IntakeSettings, parts: list[Part]) -> BrokerProbe:
    probe = BrokerProbe(settings)
    parts.append(Part(_started(probe.start), probe.stop))
    return probe


def _directory_view(settings: IntakeSettings, parts: list[Part]) -> DirectoryView:
    view = DirectoryView(settings, client_id="citycomm-intake-directory")
    parts.append(Part(view.start, view.stop))
    return view


@asynccontextmanager
async def key_admin(settings: IntakeSettings) -> AsyncIterator[KeyAdmin]:
    """For `citycomm-intake keys`: the key database, open while the command runs, and the directory."""
    store = await KeyStore.open(settings.api_keys_database_url)
    try:
        yield KeyAdmin(
            store,
            SystemClock(),
            files=partial(load_directory, settings.config_dir / "directory.yaml"),
            live=partial(read_live_directory, settings),
            live_name=f"{DIRECTORY_AGENCIES.name} at {settings.kafka_bootstrap_servers}",
        )
    finally:
        await store.close()
