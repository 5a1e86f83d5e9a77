"""CloudNativePG `postgresql.cnpg.io/v1` (1.25-1.27), the fields CityComm uses, from the upstream CRDs.

Backups use the in-tree `barmanObjectStore` (decision 0072): the one method every release of that
range has; the Barman Cloud plugin needs 1.26.
"""

from __future__ import annotations

from schema_parts import (
    QUANTITY,
    RESOURCES,
    SECRET_KEY_REF,
    STRING,
    TOPOLOGY_SPREAD,
    obj,
    resource,
)

_COMPRESSION = {"enum": ["gzip", "bzip2", "snappy", "lz4", "xz", "zstd"]}
_OBJECT_STORE = obj(
    {
        "destinationPath": {"type": "string", "pattern": "^(s3|gs|https)://"},
        "endpointURL": {"type": "string", "pattern": "^https?://"},
        "endpointCA": SECRET_KEY_REF,
        "serverName": STRING,
        "s3Credentials": obj(
            {
                "accessKeyId": SECRET_KEY_REF,
                "secretAccessKey": SECRET_KEY_REF,
                "region": SECRET_KEY_REF,
                "inheritFromIAMRole": {"type": "boolean"},
            }
        ),
        "wal": obj({"compression": _COMPRESSION, "maxParallel": {"type": "integer", "minimum": 1}}),
        "data": obj({"compression": _COMPRESSION, "jobs": {"type": "integer", "minimum": 1},
                     "immediateCheckpoint": {"type": "boolean"}}),
    },
    ("destinationPath",),
)
_RECOVERY = obj(
    {
        "source": STRING,
        "database": STRING,
        "owner": STRING,
        "recoveryTarget": obj(
            {
                "targetTime": STRING,
                "targetLSN": STRING,
                "targetName": STRING,
                "targetImmediate": {"type": "boolean"},
                "exclusive": {"type": "boolean"},
                "backupID": STRING,
            }
        ),
    },
    ("source",),
)
_BOOTSTRAP = {
    **obj(
        {
            "initdb": obj(
                {
                    "database": {"type": "string"},
                    "owner": {"type": "string"},
                    "secret": obj({"name": {"type": "string"}}, ("name",)),
                    "postInitSQL": {"type": "array", "items": {"type": "string"}},
                }
            ),
            "recovery": _RECOVERY,
        }
    ),
    # CloudNativePG refuses a cluster with more than one bootstrap method.
    "minProperties": 1,
    "maxProperties": 1,
}

CNPG_CLUSTER = resource(
    "postgresql.cnpg.io/v1",
    "Cluster",
    obj(
        {
            "instances": {"type": "integer", "minimum": 1},
            "imageName": {"type": "string"},
            "primaryUpdateStrategy": {"enum": ["unsupervised", "supervised"]},
            "storage": obj({"size": QUANTITY, "storageClass": {"type": "string"}}),
            "bootstrap": _BOOTSTRAP,
            "resources": RESOURCES,
            "backup": obj(
                {
                    "barmanObjectStore": _OBJECT_STORE,
                    "retentionPolicy": {"type": "string", "pattern": "^[1-9][0-9]*[dwm]$"},
                    "target": {"enum": ["primary", "prefer-standby"]},
                }
            ),
            "externalClusters": {
                "type": "array",
                "items": obj({"name": STRING, "barmanObjectStore": _OBJECT_STORE}, ("name",)),
            },
            "affinity": obj(
                {
                    "enablePodAntiAffinity": {"type": "boolean"},
                    "topologyKey": STRING,
                    "podAntiAffinityType": {"enum": ["preferred", "required"]},
                }
            ),
            "topologySpreadConstraints": TOPOLOGY_SPREAD,
        },
        ("instances",),
    ),
)

SCHEDULED_BACKUP = resource(
    "postgresql.cnpg.io/v1",
    "ScheduledBackup",
    obj(
        {
            # Six fields, seconds first (robfig/cron with seconds), unlike a CronJob's five.
            "schedule": {"type": "string", "pattern": r"^\S+( \S+){5}$"},
            "cluster": obj({"name": STRING}, ("name",)),
            "method": {"enum": ["barmanObjectStore", "volumeSnapshot", "plugin"]},
            "immediate": {"type": "boolean"},
            "suspend": {"type": "boolean"},
            "backupOwnerReference": {"enum": ["none", "self", "cluster"]},
            "target": {"enum": ["primary", "prefer-standby"]},
        },
        ("schedule", "cluster"),
    ),
)
