"""Typed reads of faust, mode and aiokafka private attributes, in one place.

Upstream (faust-streaming 0.15.3, mode-streaming 0.7.1, aiokafka 0.14.0) has no public way to
ask for these: the offsets faust last committed or found committed per partition, whether a faust
app has created its consumer yet, mode's flow-control events, an aiokafka consumer's bootstrap
servers, its fetch wait (before it starts) and a metadata refresh on demand. What goes wrong for
us without them: consumer lag would need a broker round trip per scrape, a directory view could
not wait for a topic being created, and the fixes beside this module could not work. Each accessor
is checked against a real object by tests/unit/test_framework_fixes_private_attributes.py (the
fetch wait by test_framework_fixes_tansu_fetch_wait.py), which fails the day the attribute goes or
changes type; an accessor is no longer needed when upstream offers a public equivalent.
"""

from __future__ import annotations

from collections.abc import Awaitable, MutableMapping
from typing import TYPE_CHECKING, Any, cast

from aiokafka import AIOKafkaConsumer

if TYPE_CHECKING:  # faust and mode are not installed where only aiokafka is used (intake)
    import faust
    from faust.transport.consumer import Consumer
    from faust.types import TP
    from mode.utils.locks import Event
    from mode.utils.queues import FlowControlEvent


def committed_offsets(consumer: Consumer) -> MutableMapping[TP, int | None]:
    """faust's `Consumer._committed_offset`: per partition, the offset committed (None: none yet).

    Filled by `perform_seek` from the broker's answer (0 noted as None) and by each commit.
    """
    return consumer._committed_offset


def created_consumer(app: faust.App) -> Consumer | None:
    """faust's `App._consumer`: the app's consumer if it exists (`app.consumer` would create one)."""
    return cast("Consumer | None", app._consumer)


def flow_control_events(flow: FlowControlEvent) -> tuple[Event, Event]:
    """mode's `FlowControlEvent._suspend` and `._resume` (suspended: the first set, the second clear)."""
    return flow._suspend, flow._resume


def refresh_metadata(consumer: AIOKafkaConsumer) -> Awaitable[Any]:
    """aiokafka's `consumer._client.force_metadata_update()`: fetch cluster metadata now.

    `partitions_for_topic` answers from cached metadata, refreshed every metadata_max_age_ms only.
    """
    return cast("Awaitable[Any]", consumer._client.force_metadata_update())


def set_fetch_max_wait(consumer: AIOKafkaConsumer, milliseconds: int) -> None:
    """aiokafka's `consumer._fetch_max_wait_ms`, the constructor's `fetch_max_wait_ms`: read by
    `start()` when it creates the fetcher, so set it before the consumer starts."""
    consumer._fetch_max_wait_ms = milliseconds


def connection(consumer: AIOKafkaConsumer) -> dict[str, Any]:
    """How the consumer was told to reach the brokers — aiokafka's `consumer._client`'s
    `_bootstrap_servers`, `_security_protocol` and `_ssl_context` — as keyword arguments for
    another client to the same brokers."""
    client = consumer._client
    return {"bootstrap_servers": client._bootstrap_servers,
            "security_protocol": client._security_protocol, "ssl_context": client._ssl_context}
