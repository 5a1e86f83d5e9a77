"""cert-manager `cert-manager.io/v1` (1.15-1.19): Certificate and an ACME ClusterIssuer, the fields
CityComm uses, from the upstream CRDs."""

from __future__ import annotations

from schema_parts import DURATION, STRING, STRINGS, obj, resource

_DNS_NAME = {"type": "string", "pattern": r"^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$"}

CERTIFICATE = resource(
    "cert-manager.io/v1",
    "Certificate",
    obj(
        {
            "secretName": STRING,
            "issuerRef": obj(
                {"name": STRING, "kind": {"enum": ["Issuer", "ClusterIssuer"]},
                 "group": {"const": "cert-manager.io"}},
                ("name",),
            ),
            "dnsNames": {"type": "array", "minItems": 1, "items": _DNS_NAME},
            "duration": DURATION,
            "renewBefore": DURATION,
            "privateKey": obj(
                {
                    "algorithm": {"enum": ["RSA", "ECDSA", "Ed25519"]},
                    "size": {"type": "integer"},
                    "rotationPolicy": {"enum": ["Never", "Always"]},
                }
            ),
            "usages": STRINGS,
        },
        ("secretName", "issuerRef"),
    ),
)

_HTTP01_SOLVER = obj(
    {"http01": obj({"ingress": obj({"ingressClassName": STRING, "class": STRING})}, ("ingress",))},
    ("http01",),
)

CLUSTER_ISSUER = resource(
    "cert-manager.io/v1",
    "ClusterIssuer",
    obj(
        {
            "acme": obj(
                {
                    "server": {"type": "string", "pattern": "^https://"},
                    "email": {"type": "string", "pattern": "^[^@ ]+@[^@ ]+$"},
                    "privateKeySecretRef": obj({"name": STRING}, ("name",)),
                    "solvers": {"type": "array", "minItems": 1, "items": _HTTP01_SOLVER},
                },
                ("server", "privateKeySecretRef", "solvers"),
            )
        },
        ("acme",),
    ),
)
