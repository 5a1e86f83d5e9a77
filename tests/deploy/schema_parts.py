"""Building blocks of the hand-written CRD schemas (crd_schemas.py): strict objects, quantities."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def obj(props: Schema, required: tuple[str, ...] = ()) -> Schema:
    """An object with exactly these properties: an unknown field is an error, as a typo should be."""
    return {"type": "object", "properties": props, "required": list(required), "additionalProperties": False}


def resource(api_version: str, kind: str, spec: Schema, metadata: Schema | None = None) -> Schema:
    return obj(
        {"apiVersion": {"const": api_version}, "kind": {"const": kind}, "metadata": metadata or META,
         "spec": spec},
        ("apiVersion", "kind", "metadata", "spec"),
    )


STRING = {"type": "string", "minLength": 1}
STRINGS = {"type": "array", "items": STRING}
QUANTITY = {"type": ["string", "integer"], "pattern": r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$"}
RESOURCES = obj(
    {
        "requests": obj({"cpu": QUANTITY, "memory": QUANTITY}),
        "limits": obj({"cpu": QUANTITY, "memory": QUANTITY}),
    }
)
META = {"type": "object", "required": ["name"]}
LABEL_SELECTOR = {"type": "object"}  # checked by the core NetworkPolicy schema elsewhere
SECRET_KEY_REF = obj({"name": STRING, "key": STRING}, ("name", "key"))
# A Go duration as Kubernetes CRDs take it: 2160h, 30m, 1h30m.
DURATION = {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$"}
TOPOLOGY_SPREAD = {
    "type": "array",
    "items": obj(
        {
            "maxSkew": {"type": "integer", "minimum": 1},
            "topologyKey": STRING,
            "whenUnsatisfiable": {"enum": ["DoNotSchedule", "ScheduleAnyway"]},
            "labelSelector": LABEL_SELECTOR,
        },
        ("maxSkew", "topologyKey", "whenUnsatisfiable"),
    ),
}
