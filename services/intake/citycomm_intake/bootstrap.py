"""Wires intake: the producer, the reporting client, the key store and the reference data, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from citycomm_common.clock import Clock, SystemClock, service_clock
from citycomm_common.directory import Category, load_categories, load_directory
from citycomm_common.directory_feed import DirectorySource, DirectoryView, FixedDirectory
from citycomm_common.former_wards import load_former_wards
from citycomm_common.health import BrokerProbe
from citycomm_common.kafka import create_producer
from citycomm_common.ward_addresses import WardAddresses
from citycomm_common.wards import WardRegistry, hcmc_wards
from citycomm_intake.adapters.key_cache import CachedKeys
from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.adapters.publisher import CommandPublisher
from citycomm_intake.adapters.rate_limits import citizen_limiter
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_intake.domain.rate_limit import RateLimiter
from citycomm_intake.domain.references import References
from citycomm_intake.retention import IdempotencyPurge, Purgeable
from citycomm_intake.service import Intake, Keys, Publisher, Reporting
from citycomm_intake.settings import IntakeSettings


@dataclass
class Services:
    settings: IntakeSettings
    intake: Intake
    categories: dict[str, Category]
    wards: WardRegistry
    clock: Clock
    citizens: RateLimiter
    directory: DirectorySource  # the live directory (directory.agencies), or the files in tests
    # What start() opened and stop() closes; empty when tests pass fakes.
    closables: list[Any] = field(default_factory=list)
    probe: BrokerProbe | None = None
    keystore: KeyStore | None = None

    @property
    def broker_reachable(self) -> bool:
        return self.probe is None or self.probe.reachable

    @property
    def directory_loaded(self) -> bool:
        return self.directory.is_loaded()


def build(
    settings: IntakeSettings,
    *,
    publisher: Publisher,
    reporting: Reporting,
    keys: Keys,
    clock: Clock | None = None,
    directory: DirectorySource | None = None,
) -> Services:
    """The same pieces in production and in tests; tests pass fakes for the adapters (and, unless
    they give one, get the directory files alone, as if directory.agencies held nothing more)."""
    clock = clock or SystemClock()
    categories = {c.code: c for c in load_categories(settings.config_dir / "categories.yaml")}
    wards = hcmc_wards()
    directory = directory or FixedDirectory(load_directory(settings.config_dir / "directory.yaml"))
    addresses = WardAddresses(wards, load_former_wards(settings.config_dir))
    references = References(addresses, categories, directory, settings.retry_after_seconds)
    intake = Intake(
        publisher=publisher,
        reporting=reporting,
        keys=keys,
        references=references,
        clock=clock,
        tracking_secret=settings.tracking_secret.get_secret_value().encode(),
        retry_after=settings.retry_after_seconds,
    )
    return Services(
        settings, intake, categories, wards, clock, citizen_limiter(settings), directory=directory
    )


def idempotency_purge(settings: IntakeSettings, store: Purgeable, clock: Clock) -> IdempotencyPurge:
    return IdempotencyPurge(
        store,
        clock,
        retention=timedelta(days=settings.idempotency_key_retention_days),
        interval=settings.idempotency_purge_interval_seconds,
        batch=settings.idempotency_purge_batch,
    )


def cached_keys(settings: IntakeSettings, store: KeyStore) -> Keys:
    """The key store, with verified keys cached unless CITYCOMM_API_KEY_CACHE_SECONDS is 0."""
    if settings.api_key_cache_seconds <= 0:
        return store
    return CachedKeys(store, ttl=settings.api_key_cache_seconds, size=settings.api_key_cache_size)


async def start(settings: IntakeSettings, clock: Clock | None = None) -> Services:
    """Opens the adapters and starts intake's background work; the HTTP lifespan calls it."""
    clock = clock or service_clock(settings)
    keystore = await KeyStore.open(
        settings.api_keys_database_url, pool_size=settings.api_keys_database_pool_size
    )
    producer = create_producer(settings, client_id="citycomm-intake")
    await producer.start()
    publisher = CommandPublisher(producer, settings.produce_timeout)
    reporting = ReportingClient(
        settings.reporting_grpc_target, settings.reporting_grpc_token.get_secret_value()
    )
    probe = BrokerProbe(settings)
    probe.start()
    keys = cached_keys(settings, keystore)
    directory = DirectoryView(settings, client_id="citycomm-intake-directory")
    await directory.start()
    services = build(settings, publisher=publisher, reporting=reporting, keys=keys, clock=clock,
                     directory=directory)
    purge = idempotency_purge(settings, keystore, clock)
    purge.start()
    services.probe, services.keystore = probe, keystore
    # Stopped in this order: background work before the store it uses.
    services.closables = [purge, directory, probe, reporting, publisher, keystore, services.citizens]
    return services


async def stop(services: Services) -> None:
    for closable in services.closables:
        await (closable.stop() if hasattr(closable, "stop") else closable.close())
