"""framework_fixes.tansu_fetch_wait: where it hooks into faust and aiokafka, when it is installed, and
what the worker's consumer gets. The latency it removes is measured, not asserted: docs/benchmarks.md."""

from __future__ import annotations

import inspect
from typing import Any, Literal

import faust
import pytest
from aiokafka import AIOKafkaConsumer
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

from citycomm_common import framework_fixes
from citycomm_common.framework_fixes import private_attributes, tansu_fetch_wait
from citycomm_common.settings import CommonSettings


def test_canary_faust_still_fixes_the_workers_fetch_wait_at_1500_ms() -> None:
    original = tansu_fetch_wait._original_create_worker_consumer
    assert original.__qualname__ == "AIOKafkaConsumerThread._create_worker_consumer"
    assert list(inspect.signature(original).parameters) == ["self", "transport"]
    # The day faust makes the wait configurable, this fails: configure it instead of patching.
    assert "fetch_max_wait_ms=1500" in inspect.getsource(original)


def test_canary_aiokafka_hands_the_wait_to_its_fetcher_when_it_starts() -> None:
    assert "fetch_max_wait_ms=self._fetch_max_wait_ms" in inspect.getsource(AIOKafkaConsumer.start)


@pytest.mark.parametrize(("compat", "installed"), [("none", False), ("tansu", True)])
def test_installed_by_framework_fixes_only_for_the_embedded_broker(
    monkeypatch: pytest.MonkeyPatch, compat: Literal["none", "tansu"], installed: bool,
) -> None:
    monkeypatch.setattr(AIOKafkaConsumerThread, "_create_worker_consumer",
                        tansu_fetch_wait._original_create_worker_consumer)
    app = faust.App("canary-fetch-wait", broker="kafka://127.0.0.1:1", store="memory://")
    framework_fixes.install(app, CommonSettings(kafka_compat=compat))
    patched = AIOKafkaConsumerThread._create_worker_consumer is tansu_fetch_wait._create_worker_consumer
    assert patched is installed


async def test_the_workers_consumer_waits_100_ms(monkeypatch: pytest.MonkeyPatch) -> None:
    created = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1", fetch_max_wait_ms=1500)

    def faust_creates(self: Any, transport: Any) -> AIOKafkaConsumer:
        return created

    monkeypatch.setattr(tansu_fetch_wait, "_original_create_worker_consumer", faust_creates)
    try:
        consumer = tansu_fetch_wait._create_worker_consumer(object(), object())  # type: ignore[arg-type]
        assert consumer is created
        assert created._fetch_max_wait_ms == tansu_fetch_wait.EMBEDDED_FETCH_MAX_WAIT_MS == 100
    finally:
        await created.stop()


async def test_setting_the_wait_sets_what_start_reads() -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers="127.0.0.1:1")
    try:
        private_attributes.set_fetch_max_wait(consumer, 42)
        assert consumer._fetch_max_wait_ms == 42
    finally:
        await consumer.stop()
