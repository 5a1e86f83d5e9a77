"""The OpenTelemetry Collector: traces, metrics and logs pipelines, each through k8sattributes, and
the read-only access to the Kubernetes API that processor needs."""

from __future__ import annotations

import re

import yaml
from rendering import Obj, container_env, named, of_kind, pod_spec

SIGNALS = {"traces", "metrics", "logs"}


def collector_config(objs: list[Obj]) -> Obj:
    data = named(objs, "ConfigMap", _config_map_name(objs))["data"]["config.yaml"]
    config: Obj = yaml.safe_load(data)
    return config


def _config_map_name(objs: list[Obj]) -> str:
    volumes = pod_spec(named(objs, "Deployment", "otel-collector"))["volumes"]
    name: str = next(v["configMap"]["name"] for v in volumes if v["name"] == "config")
    return name


def test_every_pipeline_uses_only_components_the_config_defines(objects: list[Obj]) -> None:
    config = collector_config(objects)
    pipelines = config["service"]["pipelines"]
    assert set(pipelines) == SIGNALS
    for signal, pipeline in pipelines.items():
        for part in ("receivers", "processors", "exporters"):
            assert set(pipeline[part]) <= set(config[part]), f"{signal}: undefined {part}"
        # memory_limiter first (it must see everything), batch last, k8sattributes between.
        assert pipeline["processors"][0] == "memory_limiter" and pipeline["processors"][-1] == "batch"
        assert "k8sattributes" in pipeline["processors"], signal
    assert set(config["service"]["extensions"]) <= set(config["extensions"])


def test_every_exporter_endpoint_is_set_by_the_collectors_environment(objects: list[Obj]) -> None:
    config = collector_config(objects)
    collector = pod_spec(named(objects, "Deployment", "otel-collector"))["containers"][0]
    env = container_env(objects, collector)
    for name, exporter in config["exporters"].items():
        for variable in re.findall(r"\$\{env:(\w+)\}", str(exporter.get("endpoint", ""))):
            assert env.get(variable), f"{name} needs {variable}"
    assert env["CITYCOMM_LOGS_ENDPOINT"].startswith("http")


def test_k8sattributes_names_the_pod_and_its_workload(objects: list[Obj]) -> None:
    processor = collector_config(objects)["processors"]["k8sattributes"]
    assert processor["auth_type"] == "serviceAccount"
    assert processor["filter"]["namespace"] == "citycomm"
    wanted = {"k8s.pod.name", "k8s.pod.uid", "k8s.namespace.name", "k8s.node.name", "k8s.deployment.name",
              "k8s.statefulset.name"}
    assert wanted <= set(processor["extract"]["metadata"])
    assert {"from": "connection"} in [s for a in processor["pod_association"] for s in a["sources"]]


def test_the_collector_may_read_what_k8sattributes_reads_and_nothing_else(objects: list[Obj]) -> None:
    deployment = named(objects, "Deployment", "otel-collector")
    account = pod_spec(deployment)["serviceAccountName"]
    [binding] = [b for b in of_kind(objects, "ClusterRoleBinding")
                 if {"kind": "ServiceAccount", "name": account, "namespace": "citycomm"} in b["subjects"]]
    role = named(objects, "ClusterRole", binding["roleRef"]["name"])
    granted = {(group, resource, verb) for rule in role["rules"] for group in rule["apiGroups"]
               for resource in rule["resources"] for verb in rule["verbs"]}
    read = {"get", "list", "watch"}
    assert granted == {(g, r, v) for g, r in [("", "pods"), ("", "namespaces"), ("apps", "replicasets")]
                       for v in read}
    assert pod_spec(deployment)["automountServiceAccountToken"] is True
    assert named(objects, "ServiceAccount", account).get("automountServiceAccountToken") is True


def test_the_collector_may_reach_the_api_server_and_its_backends(objects: list[Obj]) -> None:
    policy = named(objects, "NetworkPolicy", "otel-collector")["spec"]
    ports = {p["port"] for rule in policy["egress"] for p in rule["ports"]}
    assert {4317, 80} <= ports and ports & {443, 6443}
