"""JSON schemas for the Strimzi and CloudNativePG resources the manifests use.

No package registry we can reach ships these CRDs' schemas, so these are written by hand
from the upstream API references (Strimzi `kafka.strimzi.io/v1beta2`, 0.45-0.48;
CloudNativePG `postgresql.cnpg.io/v1`, 1.25-1.27). They cover only the fields CityComm
uses, and are strict there (unknown fields are errors), so a typo or a field moved
upstream fails the test instead of being dropped silently by the API server.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _obj(props: Schema, required: tuple[str, ...] = ()) -> Schema:
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}


_QUANTITY = {"type": ["string", "integer"], "pattern": r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$"}
_RESOURCES = _obj(
    {
        "requests": _obj({"cpu": _QUANTITY, "memory": _QUANTITY}),
        "limits": _obj({"cpu": _QUANTITY, "memory": _QUANTITY}),
    }
)
_META = {"type": "object", "required": ["name"]}
_LABEL_SELECTOR = {"type": "object"}  # checked by the core NetworkPolicy schema elsewhere

_SINGLE_VOLUME: Schema = {
    "oneOf": [
        _obj(
            {
                "type": {"const": "ephemeral"},
                "id": {"type": "integer", "minimum": 0},
                "sizeLimit": _QUANTITY,
                "kraftMetadata": {"enum": ["shared"]},
            },
            ("type",),
        ),
        _obj(
            {
                "type": {"const": "persistent-claim"},
                "id": {"type": "integer", "minimum": 0},
                "size": _QUANTITY,
                "class": {"type": "string"},
                "deleteClaim": {"type": "boolean"},
                "kraftMetadata": {"enum": ["shared"]},
            },
            ("type", "size"),
        ),
    ]
}
_STORAGE: Schema = {
    "oneOf": [
        _SINGLE_VOLUME,
        _obj(
            {"type": {"const": "jbod"}, "volumes": {"type": "array", "minItems": 1, "items": _SINGLE_VOLUME}},
            ("type", "volumes"),
        ),
    ]
}

KAFKA_NODE_POOL = _obj(
    {
        "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
        "kind": {"const": "KafkaNodePool"},
        "metadata": {
            **_META,
            "properties": {"labels": {"type": "object", "required": ["strimzi.io/cluster"]}},
        },
        "spec": _obj(
            {
                "replicas": {"type": "integer", "minimum": 0},
                "roles": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"enum": ["controller", "broker"]},
                },
                "storage": _STORAGE,
                "resources": _RESOURCES,
            },
            ("replicas", "roles", "storage"),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

_LISTENER = _obj(
    {
        "name": {"type": "string", "pattern": "^[a-z0-9]{1,11}$"},
        "port": {"type": "integer", "minimum": 9092},
        "type": {"enum": ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"]},
        "tls": {"type": "boolean"},
        "networkPolicyPeers": {
            "type": "array",
            "items": _obj({"podSelector": _LABEL_SELECTOR, "namespaceSelector": _LABEL_SELECTOR}),
        },
    },
    ("name", "port", "type", "tls"),
)

KAFKA = _obj(
    {
        "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
        "kind": {"const": "Kafka"},
        "metadata": _META,
        "spec": _obj(
            {
                "kafka": _obj(
                    {
                        "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                        "metadataVersion": {"type": "string"},
                        "listeners": {"type": "array", "minItems": 1, "items": _LISTENER},
                        "config": {
                            "type": "object",
                            "additionalProperties": {"type": ["string", "integer", "boolean", "number"]},
                        },
                    },
                    ("listeners",),
                ),
                "entityOperator": _obj(
                    {"topicOperator": {"type": "object"}, "userOperator": {"type": "object"}}
                ),
            },
            ("kafka",),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

KAFKA_TOPIC = _obj(
    {
        "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
        "kind": {"const": "KafkaTopic"},
        "metadata": {
            **_META,
            "properties": {"labels": {"type": "object", "required": ["strimzi.io/cluster"]}},
        },
        "spec": _obj(
            {
                "topicName": {"type": "string"},
                "partitions": {"type": "integer", "minimum": 1},
                "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
                "config": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "integer", "boolean", "number"]},
                },
            },
            ("partitions", "replicas"),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

CNPG_CLUSTER = _obj(
    {
        "apiVersion": {"const": "postgresql.cnpg.io/v1"},
        "kind": {"const": "Cluster"},
        "metadata": _META,
        "spec": _obj(
            {
                "instances": {"type": "integer", "minimum": 1},
                "imageName": {"type": "string"},
                "primaryUpdateStrategy": {"enum": ["unsupervised", "supervised"]},
                "storage": _obj({"size": _QUANTITY, "storageClass": {"type": "string"}}),
                "bootstrap": _obj(
                    {
                        "initdb": _obj(
                            {
                                "database": {"type": "string"},
                                "owner": {"type": "string"},
                                "secret": _obj({"name": {"type": "string"}}, ("name",)),
                                "postInitSQL": {"type": "array", "items": {"type": "string"}},
                            }
                        )
                    }
                ),
                "resources": _RESOURCES,
            },
            ("instances",),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

BY_KIND: dict[tuple[str, str], Schema] = {
    ("kafka.strimzi.io/v1beta2", "Kafka"): KAFKA,
    ("kafka.strimzi.io/v1beta2", "KafkaNodePool"): KAFKA_NODE_POOL,
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): KAFKA_TOPIC,
    ("postgresql.cnpg.io/v1", "Cluster"): CNPG_CLUSTER,
}
