"""The Kafka topics of design.md §2, with the settings they are created with."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TopicSpec:
    name: str
    compacted: bool = False
    partitions: int | None = None  # None: the deployment's CITYCOMM_KAFKA_PARTITIONS
    config: dict[str, str] = field(default_factory=dict)

    def broker_config(self) -> dict[str, str]:
        policy = {"cleanup.policy": "compact"} if self.compacted else {}
        return {**policy, **self.config}


THIRTY_DAYS_MS = str(30 * 24 * 3600 * 1000)

INQUIRY_COMMANDS = TopicSpec("inquiry.commands")
INQUIRY_EVENTS = TopicSpec("inquiry.events")
NOTIFICATION_EVENTS = TopicSpec("notification.events", config={"retention.ms": THIRTY_DAYS_MS})
DIRECTORY_AGENCIES = TopicSpec("directory.agencies", compacted=True, partitions=3)
REPORTS_PUBLISHED = TopicSpec("reports.published")
DEAD_LETTERS = TopicSpec("citycomm.deadletter", config={"retention.ms": THIRTY_DAYS_MS})
# Early warning (issue 19): TrendDetected/Updated/Ended, keyed by trend id, written by reporting
# (decision 0111), delivered as webhooks by notifications.
TREND_EVENTS = TopicSpec("trend.events", config={"retention.ms": THIRTY_DAYS_MS})

ALL_TOPICS: tuple[TopicSpec, ...] = (
    INQUIRY_COMMANDS,
    INQUIRY_EVENTS,
    NOTIFICATION_EVENTS,
    DIRECTORY_AGENCIES,
    REPORTS_PUBLISHED,
    DEAD_LETTERS,
    TREND_EVENTS,
)
