"""Strimzi `kafka.strimzi.io/v1beta2` (0.45-0.48), the fields CityComm uses, from the upstream CRDs."""

from __future__ import annotations

from schema_parts import LABEL_SELECTOR, META, QUANTITY, RESOURCES, STRING, STRINGS, Schema, obj, resource

_CLUSTER_LABEL = {**META, "properties": {"labels": {"type": "object", "required": ["strimzi.io/cluster"]}}}
_CONFIG = {"type": "object", "additionalProperties": {"type": ["string", "integer", "boolean", "number"]}}

_SINGLE_VOLUME: Schema = {
    "oneOf": [
        obj(
            {
                "type": {"const": "ephemeral"},
                "id": {"type": "integer", "minimum": 0},
                "sizeLimit": QUANTITY,
                "kraftMetadata": {"enum": ["shared"]},
            },
            ("type",),
        ),
        obj(
            {
                "type": {"const": "persistent-claim"},
                "id": {"type": "integer", "minimum": 0},
                "size": QUANTITY,
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
        obj(
            {"type": {"const": "jbod"}, "volumes": {"type": "array", "minItems": 1, "items": _SINGLE_VOLUME}},
            ("type", "volumes"),
        ),
    ]
}

KAFKA_NODE_POOL = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaNodePool",
    obj(
        {
            "replicas": {"type": "integer", "minimum": 0},
            "roles": {"type": "array", "minItems": 1, "uniqueItems": True,
                      "items": {"enum": ["controller", "broker"]}},
            "storage": _STORAGE,
            "resources": RESOURCES,
        },
        ("replicas", "roles", "storage"),
    ),
    _CLUSTER_LABEL,
)

_LISTENER = obj(
    {
        "name": {"type": "string", "pattern": "^[a-z0-9]{1,11}$"},
        "port": {"type": "integer", "minimum": 9092},
        "type": {"enum": ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"]},
        "tls": {"type": "boolean"},
        "authentication": obj({"type": {"enum": ["tls", "scram-sha-512", "oauth", "custom"]}}, ("type",)),
        "networkPolicyPeers": {
            "type": "array",
            "items": obj({"podSelector": LABEL_SELECTOR, "namespaceSelector": LABEL_SELECTOR}),
        },
    },
    ("name", "port", "type", "tls"),
)
_METRICS_CONFIG = obj(
    {
        "type": {"const": "jmxPrometheusExporter"},
        "valueFrom": obj({"configMapKeyRef": obj({"name": STRING, "key": STRING}, ("name", "key"))},
                         ("configMapKeyRef",)),
    },
    ("type", "valueFrom"),
)

KAFKA = resource(
    "kafka.strimzi.io/v1beta2",
    "Kafka",
    obj(
        {
            "kafka": obj(
                {
                    "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                    "metadataVersion": {"type": "string"},
                    "listeners": {"type": "array", "minItems": 1, "items": _LISTENER},
                    "authorization": obj({"type": {"const": "simple"}, "superUsers": STRINGS}, ("type",)),
                    "metricsConfig": _METRICS_CONFIG,
                    "rack": obj({"topologyKey": STRING}, ("topologyKey",)),
                    "config": _CONFIG,
                },
                ("listeners",),
            ),
            "kafkaExporter": obj(
                {
                    "groupRegex": STRING,
                    "topicRegex": STRING,
                    "groupExcludeRegex": STRING,
                    "topicExcludeRegex": STRING,
                    "resources": RESOURCES,
                }
            ),
            "entityOperator": obj({"topicOperator": {"type": "object"}, "userOperator": {"type": "object"}}),
        },
        ("kafka",),
    ),
)

KAFKA_TOPIC = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaTopic",
    obj(
        {
            "topicName": {"type": "string"},
            "partitions": {"type": "integer", "minimum": 1},
            "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
            "config": _CONFIG,
        },
        ("partitions", "replicas"),
    ),
    _CLUSTER_LABEL,
)

# The operations Kafka's authorizer knows for each resource type (an ACL naming another is refused).
ACL_OPERATIONS = {
    "topic": ["Read", "Write", "Create", "Delete", "Alter", "Describe", "DescribeConfigs", "AlterConfigs",
              "All"],
    "group": ["Read", "Describe", "Delete", "All"],
    "cluster": ["Create", "ClusterAction", "DescribeConfigs", "AlterConfigs", "IdempotentWrite", "Alter",
                "Describe", "All"],
    "transactionalId": ["Describe", "Write", "All"],
}
_ACL = {
    **obj(
        {
            "resource": obj(
                {"type": {"enum": list(ACL_OPERATIONS)}, "name": STRING,
                 "patternType": {"enum": ["literal", "prefix"]}},
                ("type",),
            ),
            "operations": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string"}},
            "host": STRING,
            "type": {"enum": ["allow", "deny"]},
        },
        ("resource", "operations"),
    ),
    "allOf": [
        {
            "if": {"properties": {"resource": {"properties": {"type": {"const": kind}}}}},
            "then": {"properties": {"operations": {"items": {"enum": operations}}}},
        }
        for kind, operations in ACL_OPERATIONS.items()
    ],
}

KAFKA_USER = resource(
    "kafka.strimzi.io/v1beta2",
    "KafkaUser",
    obj(
        {
            "authentication": obj({"type": {"enum": ["tls", "tls-external", "scram-sha-512"]}}, ("type",)),
            "authorization": obj(
                {"type": {"const": "simple"}, "acls": {"type": "array", "items": _ACL}}, ("type", "acls")
            ),
        }
    ),
    _CLUSTER_LABEL,
)
