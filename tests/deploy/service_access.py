"""What each service does with Kafka, written once for the manifest tests (KafkaUsers, KEDA), next
to where its code does it; test_kafka_access.py holds this table to that code."""

from __future__ import annotations

from citycomm_common import topics as T
from citycomm_notifications.app import AGENCY_ITEMS_TOPIC
from citycomm_notifications.app import APP_ID as NOTIFICATIONS_GROUP
from citycomm_reporting.app import APP_ID as REPORTING_GROUP
from citycomm_routing.app import APP_ID as ROUTING_GROUP

ALL_TOPICS = {t.name for t in T.ALL_TOPICS}
# service -> (topics it reads, topics it writes, its faust app id = consumer group and topic prefix)
ACCESS: dict[str, tuple[set[str], set[str], str | None]] = {
    # publisher.py writes commands; the live directory (directory_feed) is read without a group.
    "intake": ({T.DIRECTORY_AGENCIES.name}, {T.INQUIRY_COMMANDS.name}, None),
    # app.py: commands in, events out, undecodable commands dead-lettered; directory_writer.py.
    "routing": ({T.INQUIRY_COMMANDS.name, T.DIRECTORY_AGENCIES.name},
                {T.INQUIRY_EVENTS.name, T.DIRECTORY_AGENCIES.name, T.DEAD_LETTERS.name}, ROUTING_GROUP),
    "notifications": ({T.INQUIRY_EVENTS.name, T.REPORTS_PUBLISHED.name, T.TREND_EVENTS.name,
                       T.DIRECTORY_AGENCIES.name},
                      {T.NOTIFICATION_EVENTS.name, T.DEAD_LETTERS.name}, NOTIFICATIONS_GROUP),
    "reporting": ({T.INQUIRY_EVENTS.name, T.NOTIFICATION_EVENTS.name, T.DIRECTORY_AGENCIES.name},
                  {T.REPORTS_PUBLISHED.name, T.TREND_EVENTS.name, T.DEAD_LETTERS.name}, REPORTING_GROUP),
}


def consumed_by_group(service: str) -> set[str]:
    """The topics a service's consumer group reads: the lag that should scale it. The directory is
    read without a group; notifications also consumes its own agency-items topic."""
    reads, _, group = ACCESS[service]
    if group is None:
        return set()
    own = {AGENCY_ITEMS_TOPIC} if service == "notifications" else set()
    return (reads - {T.DIRECTORY_AGENCIES.name}) | own
