"""Scaling as it should be: stream workers on their consumer group's lag (KEDA's Kafka scaler),
never beyond their partitions; HTTP services on request load; replicas spread over zones and nodes.
Local installs stay one replica of each and scale on nothing."""

from __future__ import annotations

import re

import kubernetes_validate
import pytest
from rendering import Obj, container_env, named, of_kind, pod_labels, pod_spec, selects, workloads
from service_access import ACCESS, consumed_by_group
from service_metrics import exported_series
from test_kafka_access import acls

WORKERS = {"routing": "StatefulSet", "notifications": "StatefulSet", "reporting": "Deployment"}
HTTP_SERVICES = ("intake", "reporting")
PARTITIONS = 12  # production's inquiry topics


def scaled_object(objs: list[Obj], name: str) -> Obj:
    return named(objs, "ScaledObject", name)["spec"]


def triggers(spec: Obj, kind: str) -> list[Obj]:
    return [t for t in spec["triggers"] if t["type"] == kind]


def partitions_of(objs: list[Obj], topic: str) -> int:
    declared = {t["spec"]["topicName"]: t["spec"]["partitions"] for t in of_kind(objs, "KafkaTopic")}
    if topic in declared:
        return declared[topic]
    # faust's own topics get CITYCOMM_KAFKA_PARTITIONS partitions.
    env = container_env(objs, pod_spec(named(objs, "StatefulSet", "routing"))["containers"][0])
    return int(env["CITYCOMM_KAFKA_PARTITIONS"])


@pytest.mark.parametrize("service", sorted(WORKERS))
def test_stream_workers_scale_on_the_lag_of_their_own_group_and_topics(
    service: str, rendered: dict[str, list[Obj]]
) -> None:
    objs = rendered["production"]
    spec = scaled_object(objs, service)
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": WORKERS[service], "name": service}
    lag = triggers(spec, "kafka")
    assert {t["metadata"]["consumerGroup"] for t in lag} == {ACCESS[service][2]}
    assert {t["metadata"]["topic"] for t in lag} == consumed_by_group(service)
    for trigger in lag:
        # A group that has not committed on a partition reads it from its start (faust's
        # consumer_auto_offset_reset): the scaler counts that partition's whole length, as the workers will.
        assert trigger["metadata"]["offsetResetPolicy"] == "earliest"
        assert int(trigger["metadata"]["lagThreshold"]) > 0
        assert trigger["metadata"].get("allowIdleConsumers", "false") == "false"


@pytest.mark.parametrize("service", sorted(WORKERS))
def test_no_more_workers_than_partitions(service: str, rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    spec = scaled_object(objs, service)
    fewest = min(partitions_of(objs, t["metadata"]["topic"]) for t in triggers(spec, "kafka"))
    assert spec["maxReplicaCount"] == fewest == PARTITIONS
    assert 2 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]


def test_stream_workers_do_not_scale_on_cpu(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    for service in ("routing", "notifications"):
        assert {t["type"] for t in scaled_object(objs, service)["triggers"]} == {"kafka"}, service
    assert not of_kind(objs, "HorizontalPodAutoscaler"), "KEDA makes the HPAs; none of our own"


def test_keda_reads_lag_over_tls_as_its_own_kafka_user(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    kafka = named(objs, "Kafka", "citycomm")["spec"]["kafka"]
    tls_port = next(li["port"] for li in kafka["listeners"] if li["tls"] and li.get("authentication"))
    auth = named(objs, "TriggerAuthentication", "kafka-lag-reader")["spec"]["secretTargetRef"]
    assert {(r["parameter"], r["name"], r["key"]) for r in auth} == {
        ("ca", "citycomm-cluster-ca-cert", "ca.crt"),  # Strimzi's cluster CA
        ("cert", "citycomm-keda", "user.crt"),  # the KafkaUser's Secret
        ("key", "citycomm-keda", "user.key"),
    }
    allowed = acls(named(objs, "KafkaUser", "citycomm-keda"))
    for service in WORKERS:
        for trigger in triggers(scaled_object(objs, service), "kafka"):
            meta = trigger["metadata"]
            assert meta["bootstrapServers"] == f"citycomm-kafka-bootstrap.citycomm.svc:{tls_port}"
            assert meta["tls"] == "enable" and trigger["authenticationRef"]["name"] == "kafka-lag-reader"
            assert ("topic", meta["topic"], "literal", "Describe") in allowed, meta["topic"]
            group = meta["consumerGroup"]
            assert any(kind == "group" and op == "Describe" and (name == group or (pattern == "prefix"
                       and group.startswith(name))) for kind, name, pattern, op in allowed), group


@pytest.mark.parametrize("service", HTTP_SERVICES)
def test_http_services_scale_on_requests_with_cpu_as_the_backstop(
    service: str, rendered: dict[str, list[Obj]]
) -> None:
    spec = scaled_object(rendered["production"], service)
    [requests] = triggers(spec, "prometheus")
    query = requests["metadata"]["query"]
    assert re.search(rf'service="{service}"', query) and 'namespace="citycomm"' in query
    series = set(re.findall(r"([a-zA-Z_:][\w:]*)\{", query))
    unknown = series - exported_series()
    assert series and not unknown, f"{sorted(unknown)} is exported by no service"
    assert float(requests["metadata"]["threshold"]) > 0
    [cpu] = triggers(spec, "cpu")
    assert cpu["metricType"] == "Utilization"


@pytest.mark.parametrize("name", ["intake", "reporting", "routing", "notifications"])
def test_the_hpa_keda_makes_is_a_valid_autoscaling_v2_object(
    name: str, rendered: dict[str, list[Obj]]
) -> None:
    spec = scaled_object(rendered["production"], name)
    hpa = {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": f"keda-hpa-{name}"},
        "spec": {
            "scaleTargetRef": spec["scaleTargetRef"],
            "minReplicas": spec["minReplicaCount"],
            "maxReplicas": spec["maxReplicaCount"],
            "metrics": [{"type": "External", "external": {
                "metric": {"name": "s0-lag"}, "target": {"type": "AverageValue", "averageValue": "1"}}}],
            "behavior": spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"],
        },
    }
    kubernetes_validate.validate(hpa, "1.31.0", strict=True)


def test_keda_owns_the_replica_counts_in_production(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    scaled = {s["spec"]["scaleTargetRef"]["name"] for s in of_kind(objs, "ScaledObject")}
    assert scaled == {"intake", "routing", "notifications", "reporting"}
    for service in scaled:
        kind = "Deployment" if service in ("intake", "reporting") else "StatefulSet"
        assert "replicas" not in named(objs, kind, service)["spec"], service


def test_production_workers_keep_rocksdb_on_volumes_with_standbys(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    for service in ("routing", "notifications"):
        w = named(objs, "StatefulSet", service)
        assert [t["metadata"]["name"] for t in w["spec"]["volumeClaimTemplates"]] == ["data"]
        assert "data" not in {v["name"] for v in pod_spec(w)["volumes"]}, service
        env = container_env(objs, pod_spec(w)["containers"][0])
        assert int(env["CITYCOMM_TABLE_STANDBY_REPLICAS"]) >= 1
        assert int(env["CITYCOMM_TOPIC_REPLICATION_FACTOR"]) == 3


def test_local_runs_one_replica_of_each_and_scales_on_nothing(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["local"]
    for kind, service in [("Deployment", "intake"), ("StatefulSet", "routing"),
                          ("StatefulSet", "notifications"), ("Deployment", "reporting")]:
        w = named(objs, kind, service)
        assert w["spec"]["replicas"] == 1, service
        assert "volumeClaimTemplates" not in w["spec"], service
    assert not of_kind(objs, "HorizontalPodAutoscaler", "ScaledObject")


# The local component's Jaeger keeps traces in its memory: one replica by design, nothing to spread.
SINGLE_BY_DESIGN = {"jaeger"}


def test_every_workload_spreads_over_zones_and_nodes(objects: list[Obj]) -> None:
    for w in workloads(objects):
        if w["metadata"]["name"] in SINGLE_BY_DESIGN:
            continue
        spreads = {c["topologyKey"]: c for c in pod_spec(w).get("topologySpreadConstraints", [])}
        where = w["metadata"]["name"]
        assert set(spreads) == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}, where
        for constraint in spreads.values():
            assert constraint["maxSkew"] == 1, where
            # A preference: a zone or node that is down must not leave a replacement Pending.
            assert constraint["whenUnsatisfiable"] == "ScheduleAnyway", where
            assert selects(constraint["labelSelector"], pod_labels(w)), where


def test_production_kafka_spreads_replicas_over_zones(rendered: dict[str, list[Obj]]) -> None:
    kafka = named(rendered["production"], "Kafka", "citycomm")["spec"]["kafka"]
    assert kafka["rack"] == {"topologyKey": "topology.kubernetes.io/zone"}
