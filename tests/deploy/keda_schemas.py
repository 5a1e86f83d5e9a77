"""KEDA `keda.sh/v1alpha1` (2.16-2.18): ScaledObject and TriggerAuthentication, and the metadata of
the three scalers CityComm uses (kafka, prometheus, cpu), from the upstream CRDs and scaler docs."""

from __future__ import annotations

from schema_parts import STRING, Schema, obj, resource

# Trigger metadata is map[string]string: a number or boolean there is refused by the API server.
_TEXT = {"type": "string", "minLength": 1}
_INT_TEXT = {"type": "string", "pattern": "^[0-9]+$"}
_BOOL_TEXT = {"enum": ["true", "false"]}


def _metadata(required: tuple[str, ...], optional: dict[str, Schema]) -> Schema:
    return obj({**{key: _TEXT for key in required}, **optional}, required)


SCALER_METADATA = {
    # topic is optional to KEDA (all topics the group committed offsets on); required here, so a
    # group's own changelogs never count as lag.
    "kafka": _metadata(
        ("bootstrapServers", "consumerGroup", "topic", "lagThreshold"),
        {
            "lagThreshold": _INT_TEXT,
            "activationLagThreshold": _INT_TEXT,
            "offsetResetPolicy": {"enum": ["earliest", "latest"]},
            "allowIdleConsumers": _BOOL_TEXT,
            "excludePersistentLag": _BOOL_TEXT,
            "limitToPartitionsWithLag": _BOOL_TEXT,
            "scaleToZeroOnInvalidOffset": _BOOL_TEXT,
            "tls": {"enum": ["enable", "disable"]},
            "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
            "sasl": {"enum": ["none", "plaintext", "scram_sha256", "scram_sha512", "oauthbearer", "gssapi"]},
        },
    ),
    "prometheus": _metadata(
        ("serverAddress", "query", "threshold"),
        {"threshold": {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
         "activationThreshold": {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
         "ignoreNullValues": _BOOL_TEXT},
    ),
    "cpu": _metadata(("value",), {"value": _INT_TEXT}),
}

_TRIGGER = {
    **obj(
        {
            "type": {"enum": list(SCALER_METADATA)},
            "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
            "metadata": {"type": "object"},
            "authenticationRef": obj(
                {"name": STRING, "kind": {"enum": ["TriggerAuthentication", "ClusterTriggerAuthentication"]}},
                ("name",),
            ),
            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
            "useCachedMetrics": {"type": "boolean"},
        },
        ("type", "metadata"),
    ),
    "allOf": [
        {
            "if": {"properties": {"type": {"const": kind}}},
            "then": {"properties": {"metadata": schema}},
        }
        for kind, schema in SCALER_METADATA.items()
    ],
}

SCALED_OBJECT = resource(
    "keda.sh/v1alpha1",
    "ScaledObject",
    obj(
        {
            "scaleTargetRef": obj(
                {"apiVersion": STRING, "kind": {"enum": ["Deployment", "StatefulSet"]}, "name": STRING},
                ("name",),
            ),
            "pollingInterval": {"type": "integer", "minimum": 1},
            "cooldownPeriod": {"type": "integer", "minimum": 0},
            "minReplicaCount": {"type": "integer", "minimum": 0},
            "maxReplicaCount": {"type": "integer", "minimum": 1},
            "fallback": obj(
                {"failureThreshold": {"type": "integer", "minimum": 1}, "replicas": {"type": "integer"}},
                ("failureThreshold", "replicas"),
            ),
            "advanced": obj(
                {
                    "restoreToOriginalReplicaCount": {"type": "boolean"},
                    # autoscaling/v2 HPA behavior; its own shape is checked by the core schema's test
                    # of HorizontalPodAutoscaler objects (the one KEDA makes from this).
                    "horizontalPodAutoscalerConfig": obj({"name": STRING, "behavior": {"type": "object"}}),
                }
            ),
            "triggers": {"type": "array", "minItems": 1, "items": _TRIGGER},
        },
        ("scaleTargetRef", "triggers"),
    ),
)

TRIGGER_AUTHENTICATION = resource(
    "keda.sh/v1alpha1",
    "TriggerAuthentication",
    obj(
        {
            "secretTargetRef": {
                "type": "array",
                "minItems": 1,
                "items": obj({"parameter": STRING, "name": STRING, "key": STRING},
                             ("parameter", "name", "key")),
            }
        },
        ("secretTargetRef",),
    ),
)
