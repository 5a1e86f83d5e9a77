"""Wires reporting: the read model, aggregates, report archive, publisher, clock and reference data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, service_clock
from citycomm_common.directory import Directory, load_directory
from citycomm_common.directory_feed import DirectorySource, FixedDirectory
from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.adapters.archive import ReportArchive
from citycomm_reporting.adapters.migrate import check_head
from citycomm_reporting.adapters.publisher import Publisher
from citycomm_reporting.adapters.store import ReadModel, create_engine
from citycomm_reporting.settings import ReportingSettings


@dataclass
class Reporting:
    """Everything the entrypoints and the report schedule need, built in one place."""

    settings: ReportingSettings
    model: ReadModel
    aggregates: Aggregates
    archive: ReportArchive
    publisher: Publisher
    clock: Clock
    agency_names: dict[str, str]  # kept up to date with the directory (names_of)

    @property
    def engine(self) -> AsyncEngine:
        return self.model.engine

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            await self.model.ensure_schema()
        else:
            await check_head(self.engine)
            self.model.schema_ready = True

    async def stop(self) -> None:
        await self.engine.dispose()


def short_names(directory: Directory) -> dict[str, str]:
    return {agency.id: agency.short_name for agency in directory.agencies}


def names_of(directory: DirectorySource, names: dict[str, str] | None = None) -> dict[str, str]:
    """Short names of every agency the directory has known, the files' and operators' alike, kept
    up to date in place as directory.agencies changes (names outlive their validity)."""
    names = short_names(directory.current) if names is None else names
    directory.on_change(lambda current: names.update(short_names(current)))
    return names


def build(settings: ReportingSettings, publisher: Publisher, *, clock: Clock | None = None,
          calendar: WorkingCalendar | None = None, engine: AsyncEngine | None = None,
          names: dict[str, str] | None = None, directory: DirectorySource | None = None) -> Reporting:
    """`directory`: the live one (a DirectoryView, started by the app); tests get the files alone,
    or the `names` they give."""
    engine = engine or create_engine(settings.database_url, settings.database_schema)
    calendar = calendar or load_calendar(settings.config_dir / "calendar.yaml")
    if directory is None and names is None:
        directory = FixedDirectory(load_directory(settings.config_dir / "directory.yaml"))
    return Reporting(settings=settings, model=ReadModel(engine, calendar), aggregates=Aggregates(engine),
                     archive=ReportArchive(engine), publisher=publisher,
                     clock=clock or service_clock(settings),
                     agency_names=names_of(directory, names) if directory is not None else names or {})

