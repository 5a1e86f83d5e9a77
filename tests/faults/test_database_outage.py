"""Reporting's PostgreSQL goes away for a while: projections resume without loss or double counting."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import postgres_url
from tests.faults.conftest import SOAK, Platform
from tests.faults.load import Load, assert_nothing_lost_duplicated_or_misdelivered
from tests.support.sql import execute as execute_sql
from tests.support.tcp_proxy import TcpProxy

OUTAGE = 30.0 if SOAK else 10.0
SCHEMA = f"faults_{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def database() -> Iterator[tuple[str, TcpProxy]]:
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL reachable (CI sets CITYCOMM_TEST_POSTGRES_URL)")
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    proxy = TcpProxy((host, int(port or 5432)))
    execute_sql(url, f'CREATE SCHEMA "{SCHEMA}"')
    yield url.replace(host_port, f"127.0.0.1:{proxy.port}"), proxy
    execute_sql(url, f'DROP SCHEMA "{SCHEMA}" CASCADE')


@pytest.fixture(scope="module")
def platform_env(database: tuple[str, TcpProxy]) -> dict[str, str]:
    return {"CITYCOMM_DATABASE_URL": database[0], "CITYCOMM_DATABASE_SCHEMA": SCHEMA}


def test_reporting_resumes_after_its_database_comes_back(platform: Platform,
                                                         database: tuple[str, TcpProxy]) -> None:
    proxy = database[1]
    load = Load(platform, 10.0).start()
    try:
        time.sleep(3)  # steady load before the outage
        proxy.cut()
        time.sleep(OUTAGE)
        proxy.restore()
        time.sleep(3)
    finally:
        proxy.restore()
        load.stop()
    reporting = platform.stack["reporting"]
    if reporting.process is not None and reporting.process.poll() is not None:
        reporting.restart().wait_ready(90)  # what Kubernetes does when the worker gave up
    assert_nothing_lost_duplicated_or_misdelivered(platform, load, within=180)
