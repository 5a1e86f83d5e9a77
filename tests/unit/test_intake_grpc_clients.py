"""gRPC citizens count under the same client key as REST ones, and x-forwarded-for only from a proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import grpc
import pytest

from citycomm.v1 import intake_pb2_grpc
from citycomm_common.clock import FakeClock
from citycomm_dev.broker import free_port
from citycomm_intake.app import start_grpc
from citycomm_intake.bootstrap import Container
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.unit.test_intake_grpc import FEEDBACK, NOW

Submit = Callable[..., Any]


@asynccontextmanager
async def citizen_door(**overrides: Any) -> AsyncIterator[tuple[Container, Submit]]:
    settings = IntakeSettings(grpc_port=free_port(), citizen_rate_burst=2, citizen_rate_per_second=0.01,
                              **overrides)
    container = intake_fakes.container(settings, clock=FakeClock(NOW))
    server = await start_grpc(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{settings.grpc_port}") as channel:
        stub = intake_pb2_grpc.IntakeServiceStub(channel)

        async def submit(n: int, forwarded_for: str | None = None) -> grpc.StatusCode:
            metadata = (("x-forwarded-for", forwarded_for),) if forwarded_for else ()
            submission = type(FEEDBACK)(idempotency_key=f"c-{n}", citizen_feedback=FEEDBACK.citizen_feedback)
            try:
                await stub.Submit(submission, metadata=metadata)
            except grpc.aio.AioRpcError as exc:
                return exc.code()
            return grpc.StatusCode.OK

        yield container, submit
    await server.stop()


async def test_a_grpc_citizen_shares_the_bucket_of_its_address_with_rest() -> None:
    async with citizen_door() as (container, submit):
        for _ in range(2):  # what REST counted for 127.0.0.1 (dependencies.client_address)
            await container.citizens.hit("127.0.0.1")
        assert await submit(1) == grpc.StatusCode.RESOURCE_EXHAUSTED


@pytest.mark.parametrize(("trusted", "expected"), [
    ("", [grpc.StatusCode.OK, grpc.StatusCode.OK, grpc.StatusCode.RESOURCE_EXHAUSTED]),
    ("127.0.0.1", [grpc.StatusCode.OK] * 3),
])
async def test_forwarded_for_names_the_client_only_from_a_trusted_proxy(
    trusted: str, expected: list[grpc.StatusCode]
) -> None:
    async with citizen_door(trusted_proxies=trusted) as (_, submit):
        assert [await submit(n, f"198.51.100.{n}") for n in range(3)] == expected
