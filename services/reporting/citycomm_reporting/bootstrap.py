"""Wires reporting in one place: build() makes the container of its edges and use cases from
settings (tests give their own edges), start() opens what build() made and stop() closes it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.clock import Clock, service_clock
from citycomm_common.directory import Directory
from citycomm_common.directory_feed import DirectorySource, DirectoryView
from citycomm_common.wiring import Part, start_all, stop_all
from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.adapters.archive import ReportArchive
from citycomm_reporting.adapters.listing import Listing
from citycomm_reporting.adapters.migrate import upgrade_head
from citycomm_reporting.adapters.names import display_names
from citycomm_reporting.adapters.oidc import OidcProvider, OidcSettings
from citycomm_reporting.adapters.people import People
from citycomm_reporting.adapters.store import ReadModel, create_engine
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.adapters.word_segmenter import segment
from citycomm_reporting.domain.names import DisplayNames
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import TrendConfig, load_trend_config
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.domain.trend_topics import TopicIndex
from citycomm_reporting.service_layer.figures import Figures
from citycomm_reporting.service_layer.inquiries import Inquiries
from citycomm_reporting.service_layer.projection import Projection
from citycomm_reporting.service_layer.reports import Publisher, Reports
from citycomm_reporting.service_layer.trends import Board, Publish, SeriesStore, TopicStore, TrendWatch
from citycomm_reporting.settings import ReportingSettings


@dataclass(frozen=True)
class Container:
    settings: ReportingSettings
    clock: Clock
    # The edges: each one build() was not given is made from settings.
    engine: AsyncEngine
    publisher: Publisher
    directory: DirectorySource  # the live one (directory.agencies): a report names every agency
    agency_names: Mapping[str, str]  # kept up to date with the directory (names_of)
    # The use cases: all that the entrypoints and the app's agents and timers call.
    projection: Projection
    inquiries: Inquiries
    figures: Figures
    reports: Reports
    # The pages': who may sign in, and the names people read instead of codes.
    people: People
    display: DisplayNames
    oidc: OidcProvider | None  # the city's identity provider, when settings name one
    parts: tuple[Part, ...] = ()  # what build() made, in the order start() opens them
    # Early warning's trends as the pages show them (the app's global table; in memory otherwise).
    trend_board: TrendBoard = field(default_factory=TrendBoard)


def build(settings: ReportingSettings, *, publisher: Publisher, clock: Clock | None = None,
          calendar: WorkingCalendar | None = None, engine: AsyncEngine | None = None,
          directory: DirectorySource | None = None,
          agency_names: Mapping[str, str] | None = None, trend_board: TrendBoard | None = None) -> Container:
    """`publisher` is always given: reports go out through the faust app's producer (app.py).
    `agency_names`, when given, are used as they are instead of following the directory."""
    parts: list[Part] = []
    clock = service_clock(settings) if clock is None else clock
    calendar = load_calendar(settings.config_dir / "calendar.yaml") if calendar is None else calendar
    engine = _engine(settings, parts) if engine is None else engine
    directory = _directory_view(settings, parts) if directory is None else directory
    names = names_of(directory) if agency_names is None else agency_names
    model, listing = ReadModel(engine, calendar), Listing(engine)
    trend_board = TrendBoard() if trend_board is None else trend_board
    figures = Figures(Aggregates(engine), clock, names, min_volume=settings.ranking_min_volume,
                      monthly_period=settings.monthly_period)
    return Container(
        settings, clock, engine, publisher, directory, names,
        projection=Projection(model, migrate=settings.migrate_on_start),
        inquiries=Inquiries(model, listing, clock),
        figures=figures,
        reports=Reports(figures, listing, ReportArchive(engine), publisher, clock, names, settings,
                        trend_board.views),
        people=People.from_file(settings.users_file),
        display=display_names(settings.config_dir, directory.current, names),
        oidc=_oidc(settings),
        parts=tuple(parts),
        trend_board=trend_board,
    )


async def start(container: Container) -> None:
    """The directory first, then the schema (migrated, or checked: settings.migrate_on_start)."""
    await start_all(container.parts)
    await container.projection.open()


async def stop(container: Container) -> None:
    await stop_all(container.parts)


async def migrate(settings: ReportingSettings) -> None:
    """`citycomm-reporting migrate`: the database to the newest schema (alembic upgrade head)."""
    engine = create_engine(settings.database_url, settings.database_schema)
    try:
        await upgrade_head(engine)
    finally:
        await engine.dispose()


def trend_config(settings: ReportingSettings) -> TrendConfig:
    """Early warning's settings: config/trends.yaml, or settings.trends_file."""
    return load_trend_config(settings.trends_file or settings.config_dir / "trends.yaml")


def trend_watch(settings: ReportingSettings, publish: Publish, store: SeriesStore | None = None,
                board: Board | None = None, calendar: WorkingCalendar | None = None, *,
                topics: bool = True, topic_store: TopicStore | None = None) -> TrendWatch:
    """An empty early-warning watch (issue 19): the city's working calendar for the hours of the
    week, and (`topics`: on the topics' partition, decision 0102) topics by pyvi's word segmentation."""
    config = trend_config(settings)
    calendar = load_calendar(settings.config_dir / "calendar.yaml") if calendar is None else calendar
    detector = TrendDetector(config, HourOfWeek(calendar, config.hour_seconds))
    return TrendWatch(detector, TopicIndex(segment) if topics else None, publish, store, board, topic_store)


def short_names(directory: Directory) -> dict[str, str]:
    return {agency.id: agency.short_name for agency in directory.agencies}


def names_of(directory: DirectorySource) -> dict[str, str]:
    """Short names of every agency the directory has known, the files' and operators' alike, kept
    up to date in place as directory.agencies changes (names outlive their validity)."""
    names = short_names(directory.current)
    directory.on_change(lambda current: names.update(short_names(current)))
    return names


def _oidc(settings: ReportingSettings) -> OidcProvider | None:
    if not settings.oidc_issuer:
        return None
    return OidcProvider(OidcSettings(settings.oidc_issuer, settings.oidc_client_id,
                                     settings.oidc_client_secret.get_secret_value(),
                                     settings.oidc_role_claim, settings.oidc_agency_claim))


async def _nothing() -> None:
    return None


def _engine(settings: ReportingSettings, parts: list[Part]) -> AsyncEngine:
    engine = create_engine(settings.database_url, settings.database_schema)
    parts.append(Part(_nothing, engine.dispose))
    return engine


def _directory_view(settings: ReportingSettings, parts: list[Part]) -> DirectoryView:
    view = DirectoryView(settings, client_id="citycomm-reporting-directory")
    parts.append(Part(view.start, view.stop))
    return view
