"""Canaries for framework_fixes.private_attributes: each private attribute still exists, with the
type the accessor promises, on a real faust app, mode flow control and aiokafka consumer."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import MutableMapping

import faust
from aiokafka import AIOKafkaConsumer
from faust.transport.consumer import Consumer
from faust.types import TP
from mode.utils.locks import Event

from citycomm_common.framework_fixes import private_attributes


def real_app() -> faust.App:
    return faust.App("canary-private", broker="kafka://127.0.0.1:1", store="memory://")


async def test_a_faust_apps_consumer_is_seen_only_once_created() -> None:
    app = real_app()
    assert private_attributes.created_consumer(app) is None
    consumer = app.consumer
    assert private_attributes.created_consumer(app) is consumer
    assert isinstance(consumer, Consumer)


async def test_faust_consumers_committed_offsets() -> None:
    consumer = real_app().consumer
    assert isinstance(consumer, Consumer)
    offsets = private_attributes.committed_offsets(consumer)
    assert isinstance(offsets, MutableMapping)
    assert offsets.get(TP("t", 0)) is None
    consumer._committed_offset[TP("t", 0)] = 7  # what faust's commit does
    assert private_attributes.committed_offsets(consumer)[TP("t", 0)] == 7


async def test_mode_flow_control_events() -> None:
    flow = real_app().flow_control
    suspended, resumed = private_attributes.flow_control_events(flow)
    assert isinstance(suspended, Event) and isinstance(resumed, Event)
    assert suspended.is_set() and not resumed.is_set()  # faust's flow control starts suspended
    flow.resume()
    assert not suspended.is_set() and resumed.is_set()


async def test_aiokafka_consumers_client() -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1")
    try:
        context = ssl.create_default_context()
        tls = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1", security_protocol="SSL", ssl_context=context)
        assert private_attributes.connection(consumer) == {
            "bootstrap_servers": "127.0.0.1:1", "security_protocol": "PLAINTEXT", "ssl_context": None}
        assert private_attributes.connection(tls) == {
            "bootstrap_servers": "127.0.0.1:1", "security_protocol": "SSL", "ssl_context": context}
        await tls.stop()
        refresh = private_attributes.refresh_metadata(consumer)
        assert isinstance(refresh, asyncio.Future)  # resolved by the client's metadata task once started
        refresh.cancel()
    finally:
        await consumer.stop()
