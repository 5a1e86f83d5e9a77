"""What the alerts read means what it says: messaging_kafka_consumer_lag is the broker's end offset
less the group's committed offset, for the topics the agents consume — not a stuck consumer's last
fetch, not table changelogs, not faust's leader topic; rpc_server_call_duration_seconds carries
the status each call was answered with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import grpc
import pytest
from faust.types import TP
from prometheus_client import REGISTRY

from citycomm_common.metrics import ConsumerLag, MeasureRPC

COMMANDS, LEADER = "inquiry.commands", "citycomm-routing-__assignor-__leader"
CHANGELOG = "citycomm-routing-inquiries-changelog"


@dataclass
class FakeConsumer:
    """A faust consumer as ConsumerLag reads it: what it was assigned, committed and last fetched."""

    fetched: dict[TP, int]  # the end each partition's last fetch saw
    ends: dict[TP, int]  # the broker's
    _committed_offset: dict[TP, int | None]
    randomly_assigned_topics: set[str] = field(default_factory=lambda: {LEADER})
    broker_down: bool = False

    def assignment(self) -> set[TP]:
        return set(self.fetched)

    def highwater(self, tp: TP) -> int:
        return self.fetched[tp]

    async def highwaters(self, *partitions: TP) -> dict[TP, int]:
        if self.broker_down:
            raise ConnectionError("no broker")
        return {tp: self.ends[tp] for tp in partitions}


def lag_of(consumer: FakeConsumer) -> tuple[ConsumerLag, Any]:
    app = SimpleNamespace(_consumer=consumer, conf=SimpleNamespace(id="citycomm-routing"),
                          tables=SimpleNamespace(changelog_topics={CHANGELOG}))
    lag = ConsumerLag()
    lag.app = app  # type: ignore[assignment]
    return lag, app


def reported(lag: ConsumerLag) -> dict[tuple[str, str], float]:
    family = next(iter(lag.collect()))
    return {(s.labels["messaging_destination_name"], s.labels["messaging_destination_partition_id"]): s.value
            for s in family.samples}


def stuck() -> FakeConsumer:
    """Partition 0 committed at 5, its last fetch saw 7, the broker now holds 12; partition 1 idle."""
    p0, p1, changelog, leader = TP(COMMANDS, 0), TP(COMMANDS, 1), TP(CHANGELOG, 0), TP(LEADER, 0)
    return FakeConsumer(fetched={p0: 7, p1: 3, changelog: 40, leader: 0},
                        ends={p0: 12, p1: 3, changelog: 40, leader: 0},
                        _committed_offset={p0: 5, p1: 3, changelog: None, leader: None})


async def test_a_stuck_consumers_lag_counts_what_the_broker_received_since_its_last_fetch() -> None:
    lag, _ = lag_of(consumer := stuck())
    assert reported(lag) == {(COMMANDS, "0"): 2, (COMMANDS, "1"): 0}  # from its last fetch
    await lag.refresh_end_offsets()
    assert reported(lag) == {(COMMANDS, "0"): 7, (COMMANDS, "1"): 0}
    consumer.fetched[TP(COMMANDS, 1)] = 9  # a fetch newer than the broker's last answer wins
    assert reported(lag)[(COMMANDS, "1")] == 6


async def test_with_the_broker_away_the_last_ends_it_gave_stay() -> None:
    lag, _ = lag_of(consumer := stuck())
    await lag.refresh_end_offsets()
    consumer.broker_down = True
    await lag.refresh_end_offsets()
    assert reported(lag) == {(COMMANDS, "0"): 7, (COMMANDS, "1"): 0}


def test_before_the_consumer_exists_there_is_no_lag_to_report() -> None:
    lag, app = lag_of(stuck())
    app._consumer = None
    assert reported(lag) == {}


async def fine(request: bytes, context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
    return request


async def unconfirmed(request: bytes, context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
    await context.abort(grpc.StatusCode.UNAVAILABLE, "the broker did not confirm")
    raise AssertionError("abort raises")


async def broken(request: bytes, context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
    raise RuntimeError("a bug")


async def many(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
    return b"".join([r async for r in requests])


def served(method: str, code: str) -> float:
    return REGISTRY.get_sample_value("rpc_server_call_duration_seconds_count", {
        "rpc_system_name": "grpc", "rpc_method": f"test.Measured/{method}",
        "rpc_response_status_code": code}) or 0.0


async def test_every_rpc_is_timed_with_the_status_it_answered() -> None:
    """What CityCommIntakeOutcomeUnknown counts on intake's gRPC side: UNAVAILABLE, its 503."""
    server = grpc.aio.server(interceptors=[MeasureRPC()])
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Measured", {
        "Fine": grpc.unary_unary_rpc_method_handler(fine),
        "Unconfirmed": grpc.unary_unary_rpc_method_handler(unconfirmed),
        "Broken": grpc.unary_unary_rpc_method_handler(broken),
        "Many": grpc.stream_unary_rpc_method_handler(many)})])
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    before = {(m, c): served(m, c) for m, c in (("Fine", "OK"), ("Unconfirmed", "UNAVAILABLE"),
                                                ("Broken", "UNKNOWN"), ("Many", "OK"))}
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert await channel.unary_unary("/test.Measured/Fine")(b"x") == b"x"
            for method, code in (("Unconfirmed", grpc.StatusCode.UNAVAILABLE),
                                 ("Broken", grpc.StatusCode.UNKNOWN)):
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await channel.unary_unary(f"/test.Measured/{method}")(b"x")
                assert refused.value.code() == code
            assert await channel.stream_unary("/test.Measured/Many")(iter([b"a", b"b"])) == b"ab"
    finally:
        await server.stop(None)
    assert {key: served(*key) - count for key, count in before.items()} == dict.fromkeys(before, 1.0)
