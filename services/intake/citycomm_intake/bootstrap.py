"""Wires intake: the producer, the reporting client and the reference data, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from citycomm_common.clock import Clock, SystemClock
from citycomm_common.directory import Category, load_categories
from citycomm_common.health import BrokerProbe
from citycomm_common.kafka import create_producer
from citycomm_common.wards import WardRegistry, hcmc_wards
from citycomm_intake.adapters.publisher import CommandPublisher
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_intake.settings import IntakeSettings


@dataclass
class Services:
    settings: IntakeSettings
    publisher: CommandPublisher
    reporting: ReportingClient
    categories: dict[str, Category]
    wards: WardRegistry
    clock: Clock
    probe: BrokerProbe

    @property
    def tracking_secret(self) -> bytes:
        return self.settings.tracking_secret.get_secret_value().encode()


async def start(settings: IntakeSettings, clock: Clock | None = None) -> Services:
    producer = create_producer(settings, client_id="citycomm-intake")
    await producer.start()
    probe = BrokerProbe(settings)
    probe.start()
    return Services(
        settings=settings,
        publisher=CommandPublisher(producer, settings.produce_timeout),
        reporting=ReportingClient(settings.reporting_grpc_target),
        categories={c.code: c for c in load_categories(settings.config_dir / "categories.yaml")},
        wards=hcmc_wards(),
        clock=clock or SystemClock(),
        probe=probe,
    )


async def stop(services: Services) -> None:
    await services.probe.stop()
    await services.reporting.close()
    await services.publisher.close()
