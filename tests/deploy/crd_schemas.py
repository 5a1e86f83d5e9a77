"""JSON schemas for the custom resources the manifests use, one per (apiVersion, kind).

No package registry we can reach ships these CRDs' schemas, so they are written by hand from the
upstream API references, per project in a module beside this one (Strimzi, CloudNativePG, KEDA,
cert-manager; the versions each covers are in its docstring). They cover only the fields CityComm
uses, and are strict there (unknown fields are errors), so a typo or a field moved upstream fails
the test instead of being dropped silently by the API server. monitoring.coreos.com objects are
checked by the validators generated from the upstream CRDs (validate_prometheus_operator.mjs).
"""

from __future__ import annotations

from cert_manager_schemas import CERTIFICATE, CLUSTER_ISSUER
from cnpg_schemas import CNPG_CLUSTER, SCHEDULED_BACKUP
from keda_schemas import SCALED_OBJECT, TRIGGER_AUTHENTICATION
from schema_parts import Schema
from strimzi_schemas import KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, KAFKA_USER

BY_KIND: dict[tuple[str, str], Schema] = {
    ("kafka.strimzi.io/v1beta2", "Kafka"): KAFKA,
    ("kafka.strimzi.io/v1beta2", "KafkaNodePool"): KAFKA_NODE_POOL,
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): KAFKA_TOPIC,
    ("kafka.strimzi.io/v1beta2", "KafkaUser"): KAFKA_USER,
    ("postgresql.cnpg.io/v1", "Cluster"): CNPG_CLUSTER,
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): SCHEDULED_BACKUP,
    ("keda.sh/v1alpha1", "ScaledObject"): SCALED_OBJECT,
    ("keda.sh/v1alpha1", "TriggerAuthentication"): TRIGGER_AUTHENTICATION,
    ("cert-manager.io/v1", "Certificate"): CERTIFICATE,
    ("cert-manager.io/v1", "ClusterIssuer"): CLUSTER_ISSUER,
}
# Groups whose objects the Kubernetes OpenAPI schema does not know.
CUSTOM_GROUPS = ("kafka.strimzi.io/", "postgresql.cnpg.io/", "keda.sh/", "cert-manager.io/",
                 "monitoring.coreos.com/")
