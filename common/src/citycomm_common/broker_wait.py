"""Before a service starts: wait, quietly, until the broker answers and the platform's topics exist.

A service started before its broker (a cluster still coming up, `make run` on a slow machine) used to
fail its start-up with a connection-refused traceback and be restarted until its supervisor gave up.
Waiting is expected there: one line says what is awaited, another when it is there; a line every
`report_every` seconds says what is still missing. aiokafka's own connection errors are muted for the
wait only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Iterable, Iterator

from aiokafka import AIOKafkaClient
from aiokafka.errors import KafkaError

from citycomm_common.kafka import bootstrap_servers, connection_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import ALL_TOPICS

log = logging.getLogger(__name__)


def _listening(servers: Iterable[str]) -> bool:
    """Whether one bootstrap server accepts a TCP connection (no Kafka client, so nothing logs)."""
    for server in servers:
        host, _, port = server.rpartition(":")
        with contextlib.suppress(OSError, ValueError):
            socket.create_connection((host.strip("[]"), int(port)), timeout=1).close()
            return True
    return False


@contextlib.contextmanager
def _muted(names: Iterable[str]) -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


async def _topics(settings: CommonSettings) -> set[str] | None:
    """The topics the cluster lists, or None if it does not answer."""
    client = AIOKafkaClient(**connection_options(settings), request_timeout_ms=5000)
    try:
        await client.bootstrap()
        return set((await client.fetch_all_metadata()).topics())
    except (KafkaError, OSError):
        return None
    finally:
        await client.close()


async def wait_for_broker(settings: CommonSettings, *, report_every: float = 30.0,
                          interval: float = 0.5) -> None:
    """Return once a bootstrap server answers and lists every topic of topics.ALL_TOPICS."""
    servers, wanted = bootstrap_servers(settings), {t.name for t in ALL_TOPICS}
    started, next_report, waited = time.monotonic(), 0.0, False
    with _muted(["aiokafka"]):
        while True:
            listed = await _topics(settings) if _listening(servers) else None
            missing = None if listed is None else wanted - listed
            if missing == set():
                break
            if time.monotonic() >= next_report:
                what = "to answer" if missing is None else f"to list the topics {sorted(missing)}"
                log.info("waiting for the broker at %s %s", ",".join(servers), what)
                next_report, waited = time.monotonic() + report_every, True
            await asyncio.sleep(interval)
    if waited:
        log.info("the broker at %s answered after %.1f s", ",".join(servers), time.monotonic() - started)


def wait_for_broker_before_start(settings: CommonSettings) -> None:
    """`wait_for_broker` from a service's synchronous start, on a loop of its own (the service's
    event loop, faust's or uvicorn's, is created after)."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(wait_for_broker(settings))
    finally:
        loop.close()
