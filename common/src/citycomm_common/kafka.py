"""Kafka client settings in one place, for aiokafka producers and faust apps alike."""

from __future__ import annotations

import ssl
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.helpers import create_ssl_context

from citycomm_common.settings import CommonSettings


def bootstrap_servers(settings: CommonSettings) -> list[str]:
    return [s.strip() for s in settings.kafka_bootstrap_servers.split(",") if s.strip()]


def tls_context(settings: CommonSettings) -> ssl.SSLContext | None:
    """The TLS context for the brokers (None for PLAINTEXT): their certificates checked against
    kafka_ssl_cafile (or the system's CAs), this service's certificate presented if it has one.
    A missing or unreadable file fails here, at start, naming the file."""
    if settings.kafka_security_protocol != "SSL":
        return None
    context: ssl.SSLContext = create_ssl_context(
        cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
        certfile=str(settings.kafka_ssl_certfile) if settings.kafka_ssl_certfile else None,
        keyfile=str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None)
    return context


def connection_options(settings: CommonSettings) -> dict[str, Any]:
    """Where the brokers are and how to talk to them: for every aiokafka client, consumer and producer."""
    options: dict[str, Any] = {"bootstrap_servers": bootstrap_servers(settings)}
    context = tls_context(settings)
    if context is not None:
        options |= {"security_protocol": "SSL", "ssl_context": context}
    return options


def producer_options(settings: CommonSettings, client_id: str) -> dict[str, Any]:
    """acks=all and idempotence; linger 0 because intake waits for the ack on the request path."""
    return {
        **connection_options(settings),
        "client_id": client_id,
        "acks": "all",
        # Tansu rejects aiokafka's InitProducerId v0; Apache Kafka accepts it (docs/embedded-broker.md).
        "enable_idempotence": settings.kafka_compat != "tansu",
        "linger_ms": 0,
        "request_timeout_ms": 10_000,
    }


def create_producer(settings: CommonSettings, client_id: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(**producer_options(settings, client_id))


def faust_options(settings: CommonSettings, *, web_port: int) -> dict[str, Any]:
    """faust App options shared by the stream services."""
    embedded = settings.kafka_compat == "tansu"
    options: dict[str, Any] = {
        "broker": [f"kafka://{server}" for server in bootstrap_servers(settings)],
        # faust's aiokafka driver turns these into security_protocol=SSL and the context.
        "broker_credentials": _faust_credentials(settings),
        "topic_partitions": settings.kafka_partitions,
        "topic_replication_factor": settings.topic_replication_factor,
        "table_standby_replicas": settings.table_standby_replicas,
        "topic_allow_declare": True,
        "producer_acks": -1,
        "producer_linger": settings.producer_linger_ms / 1000,
        "producer_max_batch_size": 256 * 1024,
        "web_port": web_port,
        "web_bind": settings.http_host,
        "web_host": settings.http_host,
        "canonical_url": settings.advertised_url or f"http://{settings.http_host}:{web_port}",
        "broker_session_timeout": 6 if embedded else 45,
        "broker_heartbeat_interval": 1 if embedded else 3,
        "consumer_auto_offset_reset": "earliest",
        # Table keys and values are bytes we encode ourselves (protobuf), like every record.
        "table_key_serializer": "raw",
        "table_value_serializer": "raw",
    }
    return options


def _faust_credentials(settings: CommonSettings) -> Any:
    context = tls_context(settings)
    if context is None:
        return None
    from faust.auth import SSLCredentials  # faust is only in the stream services' installs

    return SSLCredentials(context)
