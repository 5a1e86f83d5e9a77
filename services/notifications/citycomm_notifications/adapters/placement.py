"""Where this worker stands in its consumer group: the partitions it actively holds (faust's
assignor), where an inquiry's records live, and who the other workers are."""

from __future__ import annotations

import faust

from citycomm_common.topics import INQUIRY_EVENTS
from citycomm_notifications.adapters.stores import Ownership, partition_of


class Placement:
    """`partitions`: the topics' partition count until the consumer knows it."""

    def __init__(self, app: faust.App, partitions: int) -> None:
        self._app, self._partitions = app, partitions

    def held(self, topic: str) -> tuple[frozenset[int], int]:
        """Partitions of `topic` this worker actively holds, and the topic's partition count; nothing
        while the group rebalances or the tables recover (another worker may be acting on them)."""
        app = self._app
        if app.rebalancing or not app.tables.recovery.completed.is_set():  # type: ignore[attr-defined]
            return frozenset(), 0
        actives = frozenset(tp.partition for tp in app.assignor.assigned_actives() if tp.topic == topic)
        return actives, app.consumer.topic_partitions(topic) or self._partitions

    def of(self, topic: str) -> Ownership:
        return lambda: self.held(topic)

    def inquiries(self) -> tuple[frozenset[int], int]:
        """What this worker holds of inquiry.events: the clocks and deliveries it acts on."""
        return self.held(INQUIRY_EVENTS.name)

    def home(self, inquiry_id: str) -> str:
        """The partition an inquiry's records are kept in (for none: one this worker holds)."""
        held, partitions = self.inquiries()
        if inquiry_id:
            return str(partition_of(inquiry_id, partitions or self._partitions))
        return str(min(held, default=0))

    def other_workers(self) -> list[str]:
        """The group's members as faust's assignor shares them (their canonical URLs), but this one."""
        me = str(self._app.conf.canonical_url).rstrip("/")
        return [url for url in self._app.router.tables_metadata() if str(url).rstrip("/") != me]
