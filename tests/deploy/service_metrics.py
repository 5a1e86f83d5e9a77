"""The series the services export, from their shared metrics module, for checking the queries
that manifests make of them (dashboards, KEDA's Prometheus triggers)."""

from __future__ import annotations

from prometheus_client import REGISTRY

import citycomm_common.metrics  # noqa: F401  (registers the series the services export)

_SUFFIXES = {"histogram": ("_bucket", "_count", "_sum"), "counter": ("_total",), "gauge": ("",)}


def exported_series() -> set[str]:
    """Every series name the services export (a histogram's _bucket, _count and _sum, …)."""
    return {family.name + suffix for family in REGISTRY.collect()
            for suffix in _SUFFIXES.get(family.type, ("",))}
