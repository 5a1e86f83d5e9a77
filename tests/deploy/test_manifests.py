"""Renders every kustomize overlay and checks the objects against schemas and the contract.

Tools come from deploy/k8s/tools.sh (pinned, from PyPI and npm): kubectl's built-in
kustomize renders, kubernetes-validate checks core objects, the prometheus-operator
validators check ServiceMonitors, and crd_schemas.py checks Strimzi and CloudNativePG.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from crd_schemas import BY_KIND, CUSTOM_GROUPS
from rendering import (
    OVERLAYS,
    TOOLS_DIR,
    Obj,
    container_env,
    iter_containers,
    named,
    of_kind,
    pod_spec,
    selects,
    workloads,
)
from service_metrics import exported_series

# The oldest Kubernetes minor we promise to run on; kubernetes-validate ships its schema.
K8S_VERSION = "1.31.0"

SERVICES = {  # service -> (kind, HTTP port, gRPC port or None)
    "intake": ("Deployment", 8080, 50051),
    "routing": ("StatefulSet", 8081, None),
    "notifications": ("StatefulSet", 8082, None),
    "reporting": ("Deployment", 8083, 50052),
}
THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000
# topic -> (scales to 12 partitions in production, config it must carry)
TOPICS: dict[str, tuple[bool, dict[str, Any]]] = {
    "inquiry.commands": (True, {"cleanup.policy": "delete"}),
    "inquiry.events": (True, {"cleanup.policy": "delete"}),
    "notification.events": (True, {"cleanup.policy": "delete", "retention.ms": THIRTY_DAYS_MS}),
    "directory.agencies": (False, {"cleanup.policy": "compact"}),
    "reports.published": (True, {"cleanup.policy": "delete"}),
    "citycomm.deadletter": (True, {"cleanup.policy": "delete", "retention.ms": THIRTY_DAYS_MS}),
    "trend.events": (True, {"cleanup.policy": "delete", "retention.ms": THIRTY_DAYS_MS}),
}


def service_workload(objs: list[Obj], service: str) -> Obj:
    return named(objs, SERVICES[service][0], service)


# --- schemas ----------------------------------------------------------------------------


def test_core_objects_match_the_kubernetes_schema(objects: list[Obj]) -> None:
    import kubernetes_validate

    errors = []
    for obj in objects:
        if obj["apiVersion"].startswith(CUSTOM_GROUPS):
            continue
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {list(exc.path)}")
    assert not errors, "\n".join(errors)


def test_custom_resources_match_their_schema(objects: list[Obj]) -> None:
    errors = []
    for obj in objects:
        if not obj["apiVersion"].startswith(CUSTOM_GROUPS) or obj["apiVersion"].startswith("monitoring."):
            continue
        schema = BY_KIND.get((obj["apiVersion"], obj["kind"]))
        if schema is None:
            errors.append(f"no schema for {obj['apiVersion']} {obj['kind']}: add it to crd_schemas.py")
            continue
        for err in jsonschema.Draft202012Validator(schema).iter_errors(obj):
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {err.message} at {list(err.path)}")
    assert not errors, "\n".join(errors)


def test_service_monitors_match_the_prometheus_operator_crd(objects: list[Obj], kubectl: Path) -> None:
    node = shutil.which("node")
    package = TOOLS_DIR / "node_modules" / "@kubernetes-models" / "prometheus-operator"
    if node is None or not package.exists():
        pytest.skip("node or @kubernetes-models/prometheus-operator missing (deploy/k8s/tools.sh)")
    monitors = [o for o in objects if o["apiVersion"].startswith("monitoring.coreos.com/")]
    assert monitors, "the monitoring component is expected in every overlay"
    result = subprocess.run(
        [node, str(Path(__file__).with_name("validate_prometheus_operator.mjs")), str(TOOLS_DIR)],
        input=json.dumps(monitors),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer"}


def test_every_object_lives_in_the_citycomm_namespace(objects: list[Obj]) -> None:
    """Explicitly, so `kubectl apply -k` and a GitOps controller put nothing elsewhere."""
    for obj in objects:
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        if obj["kind"] in CLUSTER_SCOPED:
            assert "namespace" not in obj["metadata"], where
        else:
            assert obj["metadata"].get("namespace") == "citycomm", where


# --- workloads --------------------------------------------------------------------------


API_READERS = {"otel-collector"}


def test_every_workload_runs_locked_down(objects: list[Obj]) -> None:
    for w in workloads(objects):
        spec, where = pod_spec(w), f"{w['kind']}/{w['metadata']['name']}"
        pod_sc = spec.get("securityContext", {})
        assert pod_sc.get("runAsNonRoot") is True, where
        assert pod_sc.get("runAsUser", 0) != 0, where
        assert pod_sc.get("seccompProfile") == {"type": "RuntimeDefault"}, where
        # The collector's k8sattributes reads the API (read-only ClusterRole); no other pod may.
        wants_token = w["metadata"]["name"] in API_READERS
        assert spec.get("automountServiceAccountToken") is wants_token, where
        assert spec.get("hostNetwork") is not True and spec.get("hostPID") is not True, where
    for w, c in iter_containers(objects):
        where = f"{w['metadata']['name']}/{c['name']}"
        sc = c.get("securityContext", {})
        assert sc.get("readOnlyRootFilesystem") is True, where
        assert sc.get("allowPrivilegeEscalation") is False, where
        assert sc.get("privileged") is not True, where
        assert sc.get("capabilities", {}).get("drop") == ["ALL"], where
        assert not sc.get("capabilities", {}).get("add"), where


def test_every_container_has_requests_limits_and_probes(objects: list[Obj]) -> None:
    for w, c in iter_containers(objects):
        where = f"{w['metadata']['name']}/{c['name']}"
        for bound in ("requests", "limits"):
            assert set(c.get("resources", {}).get(bound, {})) >= {"cpu", "memory"}, where
        assert "readinessProbe" in c and "livenessProbe" in c, where


def test_services_probe_their_real_health_endpoints(objects: list[Obj]) -> None:
    for service, (_, http_port, grpc_port) in SERVICES.items():
        container = pod_spec(service_workload(objects, service))["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["http"] == http_port, service
        if grpc_port:
            assert ports["grpc"] == grpc_port, service
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert container["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "http"}
    intake = pod_spec(service_workload(objects, "intake"))["containers"][0]
    assert intake["startupProbe"]["grpc"]["port"] == 50051


def test_services_use_named_ports_and_match_pods(objects: list[Obj]) -> None:
    pods = [(pod_spec(w), w["spec"]["template"]["metadata"]["labels"]) for w in workloads(objects)]
    for svc in of_kind(objects, "Service"):
        where = f"Service/{svc['metadata']['name']}"
        assert all(p.get("name") for p in svc["spec"]["ports"]), where
        selector = {"matchLabels": svc["spec"]["selector"]}
        selected = [spec for spec, labels in pods if selects(selector, labels)]
        assert selected, f"{where} selects no pod"
        names = {p["name"] for spec in selected for c in spec["containers"] for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in names, f"{where}: no container port {port['targetPort']}"


def test_every_workload_has_a_service_account_and_a_disruption_budget(objects: list[Obj]) -> None:
    accounts = {o["metadata"]["name"] for o in of_kind(objects, "ServiceAccount")}
    budgets = of_kind(objects, "PodDisruptionBudget")
    for w in workloads(objects):
        labels = w["spec"]["template"]["metadata"]["labels"]
        assert pod_spec(w)["serviceAccountName"] in accounts, w["metadata"]["name"]
        assert any(selects(b["spec"]["selector"], labels) for b in budgets), w["metadata"]["name"]


def test_services_get_the_environment_of_the_contract(objects: list[Obj]) -> None:
    common = {
        "CITYCOMM_ENVIRONMENT",
        "CITYCOMM_KAFKA_BOOTSTRAP_SERVERS",
        "CITYCOMM_CONFIG_DIR",
        "CITYCOMM_LOG_FORMAT",
        "OTEL_SERVICE_NAME",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_RESOURCE_ATTRIBUTES",
    }
    own = {
        "intake": {
            "CITYCOMM_REPORTING_GRPC_TARGET",
            "CITYCOMM_REPORTING_GRPC_TOKEN",
            "CITYCOMM_TRACKING_SECRET",
            "CITYCOMM_API_KEYS_DATABASE_URL",
        },
        "routing": {"CITYCOMM_DATA_DIR", "CITYCOMM_TABLE_STORE"},
        "notifications": {
            "CITYCOMM_DATA_DIR",
            "CITYCOMM_TABLE_STORE",
            "CITYCOMM_WEBHOOK_ALLOWED_HOSTS",
            "CITYCOMM_WEBHOOK_SECRETS_DIR",
        },
        "reporting": {"CITYCOMM_DATABASE_URL", "CITYCOMM_REPORTING_GRPC_TOKEN"},
    }
    for service, extra in own.items():
        spec = pod_spec(service_workload(objects, service))
        container = spec["containers"][0]
        env = container_env(objects, container)
        assert set(env) >= common | extra, f"{service} lacks {sorted(common | extra - set(env))}"
        assert env["CITYCOMM_KAFKA_COMPAT"] == "none"
        assert env["CITYCOMM_CONFIG_DIR"] == "/etc/citycomm/config"
        assert env["OTEL_SERVICE_NAME"] == service
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in spec["volumes"]}
        config_volume = volumes[mounts["/etc/citycomm/config"]]
        assert config_volume["configMap"]["name"].startswith("citycomm-config-")
        if "CITYCOMM_TABLE_STORE" in env:
            assert env["CITYCOMM_TABLE_STORE"] == "rocksdb://"
            assert mounts[env["CITYCOMM_DATA_DIR"]] == "data"
    notifications = pod_spec(service_workload(objects, "notifications"))
    secret_volume = next(v for v in notifications["volumes"] if v["name"] == "webhook-secrets")
    assert secret_volume["secret"]["secretName"] == "citycomm-webhook-secrets"


def test_secrets_are_referenced_by_name_and_never_rendered(objects: list[Obj]) -> None:
    assert not of_kind(objects, "Secret"), "secrets are created out of band (docs/runbook.md)"
    refs = set()
    for _, c in iter_containers(objects):
        for var in c.get("env", []):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                refs.add(ref["name"])
            # No credentials written inline, e.g. a postgresql://user:password@… value.
            assert not re.search(r"://[^/\s]*:[^/\s]*@", var.get("value", "")), var["name"]
            if re.search(r"(SECRET|PASSWORD|TOKEN|DATABASE_URL)$", var["name"]):
                assert "value" not in var, f"{var['name']} must come from a Secret"
    assert refs == {"citycomm-intake", "citycomm-reporting-database", "citycomm-reporting-grpc",
                    "citycomm-operator", "citycomm-reporting-session", "citycomm-webhook-sealing",
                    "citycomm-submitter-notices", "citycomm-attachments"}


def test_intake_and_notifications_share_the_attachment_link_secret(objects: list[Obj]) -> None:
    """Notifications signs agencies' links to attachments, intake checks them: one Secret's key."""
    refs = {(o["metadata"]["name"], var["valueFrom"]["secretKeyRef"]["name"],
             var["valueFrom"]["secretKeyRef"]["key"])
            for o, c in iter_containers(objects) for var in c.get("env", [])
            if var["name"] == "CITYCOMM_ATTACHMENT_LINK_SECRET"}
    assert {name for name, _, _ in refs} >= {"intake", "notifications"}
    assert {(secret, key) for _, secret, key in refs} == {("citycomm-attachments", "link-secret")}


def test_intake_and_reporting_share_one_grpc_token(objects: list[Obj]) -> None:
    """Reporting checks the token intake presents: both read the same Secret's key."""
    refs = []
    for service in ("intake", "reporting"):
        container = pod_spec(service_workload(objects, service))["containers"][0]
        token = next(v for v in container["env"] if v["name"] == "CITYCOMM_REPORTING_GRPC_TOKEN")
        refs.append(token["valueFrom"]["secretKeyRef"])
    assert refs[0] == refs[1] == {"name": "citycomm-reporting-grpc", "key": "token"}


# --- Kafka ------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_topic_has_a_kafka_topic_sized_for_the_overlay(
    overlay: str, rendered: dict[str, list[Obj]]
) -> None:
    production = overlay == "production"
    topics = {t["spec"]["topicName"]: t for t in of_kind(rendered[overlay], "KafkaTopic")}
    assert set(topics) == set(TOPICS)
    for name, (scales, config) in TOPICS.items():
        spec = topics[name]["spec"]
        assert spec["partitions"] == (12 if production and scales else 3), name
        assert spec["replicas"] == (3 if production else 1), name
        assert {k: spec["config"].get(k) for k in config} == config, name
        if production:
            assert int(spec["config"]["min.insync.replicas"]) == 2, name
        assert topics[name]["metadata"]["labels"]["strimzi.io/cluster"] == "citycomm"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_faust_partitions_match_the_topics(overlay: str, rendered: dict[str, list[Obj]]) -> None:
    objs = rendered[overlay]
    env = container_env(objs, pod_spec(service_workload(objs, "routing"))["containers"][0])
    expected = named(objs, "KafkaTopic", "inquiry.commands")["spec"]["partitions"]
    assert int(env["CITYCOMM_KAFKA_PARTITIONS"]) == expected


def test_the_local_kafka_is_one_ephemeral_broker(rendered: dict[str, list[Obj]]) -> None:
    pool = of_kind(rendered["local"], "KafkaNodePool")[0]["spec"]
    assert pool["replicas"] == 1 and pool["storage"]["type"] == "ephemeral"


def test_the_production_kafka_survives_one_broker(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    pools = of_kind(objs, "KafkaNodePool")
    assert sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"]) == 3
    assert all(
        v["type"] == "persistent-claim" and v["deleteClaim"] is False
        for p in pools
        for v in p["spec"]["storage"]["volumes"]
    )
    config = named(objs, "Kafka", "citycomm")["spec"]["kafka"]["config"]
    assert config["min.insync.replicas"] == 2
    assert config["default.replication.factor"] == 3
    assert config["offsets.topic.replication.factor"] == 3
    assert config["auto.create.topics.enable"] is False


def test_services_bootstrap_from_the_strimzi_cluster(rendered: dict[str, list[Obj]]) -> None:
    """Locally on the plain listener; in production on the TLS one, each with its KafkaUser's
    certificate and Strimzi's cluster CA mounted where its settings say."""
    for overlay, objs in rendered.items():
        listeners = {li["name"]: li for li in named(objs, "Kafka", "citycomm")["spec"]["kafka"]["listeners"]}
        listener = listeners["tls" if overlay == "production" else "plain"]
        for service in SERVICES:
            spec = pod_spec(service_workload(objs, service))
            env = container_env(objs, spec["containers"][0])
            assert env["CITYCOMM_KAFKA_BOOTSTRAP_SERVERS"] == f"citycomm-kafka-bootstrap:{listener['port']}"
            if overlay != "production":
                assert env.get("CITYCOMM_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT") == "PLAINTEXT"
                continue
            assert env["CITYCOMM_KAFKA_SECURITY_PROTOCOL"] == "SSL" and listener["tls"] is True
            assert listener["authentication"] == {"type": "tls"}
            mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
            volumes = {v["name"]: v for v in spec["volumes"]}
            files = {}
            for variable in ("CITYCOMM_KAFKA_SSL_CAFILE", "CITYCOMM_KAFKA_SSL_CERTFILE",
                             "CITYCOMM_KAFKA_SSL_KEYFILE"):
                folder, _, name = env[variable].rpartition("/")
                for source in volumes[mounts[folder]]["projected"]["sources"]:
                    for item in source["secret"]["items"]:
                        if item["path"] == name:
                            files[variable] = (source["secret"]["name"], item["key"])
            assert files == {
                "CITYCOMM_KAFKA_SSL_CAFILE": ("citycomm-cluster-ca-cert", "ca.crt"),
                "CITYCOMM_KAFKA_SSL_CERTFILE": (f"citycomm-{service}", "user.crt"),
                "CITYCOMM_KAFKA_SSL_KEYFILE": (f"citycomm-{service}", "user.key"),
            }, service
            assert named(objs, "KafkaUser", f"citycomm-{service}")["spec"]["authentication"]["type"] == "tls"
            # The key is readable by the service's user: through its group, as the volume is 0440.
            assert spec["securityContext"]["fsGroup"] == spec["securityContext"]["runAsGroup"]


def test_in_production_only_the_brokers_reach_the_plain_listener(rendered: dict[str, list[Obj]]) -> None:
    objs = rendered["production"]
    plain = next(li for li in named(objs, "Kafka", "citycomm")["spec"]["kafka"]["listeners"]
                 if li["name"] == "plain")
    for w in workloads(objs):
        labels = w["spec"]["template"]["metadata"]["labels"]
        assert not any(selects(peer.get("podSelector", {"matchLabels": {"-": "-"}}), labels)
                       for peer in plain["networkPolicyPeers"]), w["metadata"]["name"]


# --- scale and state --------------------------------------------------------------------


def test_production_runs_postgres_with_replicas(rendered: dict[str, list[Obj]]) -> None:
    assert named(rendered["production"], "Cluster", "citycomm-db")["spec"]["instances"] == 3


# --- network policies -------------------------------------------------------------------


def _policies_for(objs: list[Obj], labels: dict[str, str], kind: str) -> list[Obj]:
    return [
        p
        for p in of_kind(objs, "NetworkPolicy")
        if selects(p["spec"]["podSelector"], labels) and kind in p["spec"]["policyTypes"]
    ]


def test_every_citycomm_pod_starts_from_deny_all(objects: list[Obj]) -> None:
    deny = named(objects, "NetworkPolicy", "citycomm-default-deny")["spec"]
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    for w in workloads(objects):
        assert selects(deny["podSelector"], w["spec"]["template"]["metadata"]["labels"]), w["metadata"][
            "name"
        ]


def test_only_intake_may_call_reportings_grpc(objects: list[Obj]) -> None:
    labels = service_workload(objects, "reporting")["spec"]["template"]["metadata"]["labels"]
    grpc_rules = [
        rule
        for p in _policies_for(objects, labels, "Ingress")
        for rule in p["spec"].get("ingress", [])
        if any(port["port"] in ("grpc", 50052) for port in rule.get("ports", []))
    ]
    assert grpc_rules and all(
        rule["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "intake"}}}]
        for rule in grpc_rules
    )


def test_notifications_asks_intake_whose_key_a_self_service_call_carries(objects: list[Obj]) -> None:
    """Agencies' self-service on notifications resolves their API key at intake's GET /v1/me."""
    containers = pod_spec(service_workload(objects, "notifications"))["containers"]
    env = {e["name"]: e.get("value") for c in containers for e in c.get("env", [])}
    assert env["CITYCOMM_INTAKE_URL"] == "http://intake:8080"
    assert named(objects, "Service", "intake")["spec"]["ports"][0]["port"] == 8080
    sender = service_workload(objects, "notifications")["spec"]["template"]["metadata"]["labels"]
    receiver = service_workload(objects, "intake")["spec"]["template"]["metadata"]["labels"]
    out = [rule for p in _policies_for(objects, sender, "Egress") for rule in p["spec"].get("egress", [])
           if any("podSelector" in peer and selects(peer["podSelector"], receiver) for peer in rule["to"])]
    assert out and all(port["port"] == 8080 for rule in out for port in rule["ports"])
    into = [rule for p in _policies_for(objects, receiver, "Ingress") for rule in p["spec"].get("ingress", [])
            if any("podSelector" in peer and "namespaceSelector" not in peer
                   and selects(peer["podSelector"], sender) for peer in rule["from"])]
    assert into and all(port["port"] == "http" for rule in into for port in rule["ports"])


def test_notifications_reaches_outside_only_over_https_and_to_a_mail_relay(objects: list[Obj]) -> None:
    """Webhooks over HTTPS, submitters' mail on the SMTP submission ports (587, 465): to public
    addresses only, and to the SMTP relay's ports the pod's settings name."""
    labels = service_workload(objects, "notifications")["spec"]["template"]["metadata"]["labels"]
    outside = []
    for p in _policies_for(objects, labels, "Egress"):
        for rule in p["spec"].get("egress", []):
            blocks = [peer["ipBlock"] for peer in rule["to"] if "ipBlock" in peer]
            if blocks:
                outside.append(sorted(port["port"] for port in rule["ports"]))
                assert "10.0.0.0/8" in blocks[0]["except"]
    assert sorted(outside) == [[443], [465, 587]]
    env = {e["name"]: e.get("value") for e in service_workload(objects, "notifications")["spec"]["template"]
           ["spec"]["containers"][0]["env"]}
    assert int(env["CITYCOMM_SMTP_PORT"]) in (465, 587)


def _webhook_egress_allows(objects: list[Obj], address: str) -> bool:
    """Whether notifications' egress rules let a connection to `address` through (HTTPS)."""
    labels = service_workload(objects, "notifications")["spec"]["template"]["metadata"]["labels"]
    ip = ipaddress.ip_address(address)
    blocks = [peer["ipBlock"] for p in _policies_for(objects, labels, "Egress")
              for rule in p["spec"].get("egress", []) for peer in rule["to"] if "ipBlock" in peer]
    return any(ip in ipaddress.ip_network(b["cidr"])
               and not any(ip in ipaddress.ip_network(e) for e in b.get("except", [])) for b in blocks)


def _edges(network: str) -> list[ipaddress.IPv4Address]:
    net = ipaddress.IPv4Network(network)
    return [net.network_address, net.network_address + 1, net.broadcast_address]


PRIVATE_V4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
              "127.0.0.0/8"]


def test_webhook_egress_covers_ipv6_like_ipv4(objects: list[Obj]) -> None:
    """IPv6 is open to global unicast only, never to a ULA, link-local or loopback address, nor to a
    6to4 or NAT64 form of a private IPv4 range; public receivers stay reachable in both families."""
    private = [v4 for net in PRIVATE_V4 for v4 in _edges(net)] + [ipaddress.IPv4Address("169.254.169.254")]
    for v4 in private:
        for form in (v4, f"64:ff9b::{v4}", f"2002:{int(v4) >> 16:x}:{int(v4) & 0xFFFF:x}::1", f"::ffff:{v4}"):
            assert not _webhook_egress_allows(objects, str(form)), form
    for v6 in ["::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "2001:db8::1", "2001:0:4136:e378::1",
               "64:ff9b:1::a00:1", "ff02::1"]:
        assert not _webhook_egress_allows(objects, v6), v6
    for public in ["203.113.131.1", "2001:4860:4860::8888", "2402:800:6314::1", "64:ff9b::cb71:8301",
                   "2002:cb71:8301::1"]:
        assert _webhook_egress_allows(objects, public), public


def test_the_services_listener_admits_them_and_no_other_namespace_but_kedas(objects: list[Obj]) -> None:
    production = any(o["kind"] == "ScaledObject" for o in objects)
    listeners = {li["name"]: li for li in named(objects, "Kafka", "citycomm")["spec"]["kafka"]["listeners"]}
    peers = listeners["tls" if production else "plain"]["networkPolicyPeers"]
    for service in SERVICES:
        labels = service_workload(objects, service)["spec"]["template"]["metadata"]["labels"]
        assert any("namespaceSelector" not in peer and selects(peer["podSelector"], labels)
                   for peer in peers), service
    others = [peer["namespaceSelector"] for li in listeners.values() for peer in li["networkPolicyPeers"]
              if "namespaceSelector" in peer]
    assert others in ([], [{"matchLabels": {"kubernetes.io/metadata.name": "keda"}}])


# --- dashboards -------------------------------------------------------------------------

def test_dashboards_query_only_series_the_services_export(objects: list[Obj]) -> None:
    """Static: every citycomm_/http_ series a panel names is one the services' metrics module
    exports (tests/e2e/test_prometheus*.py then runs every query against a real Prometheus)."""
    cm = named(objects, "ConfigMap", "citycomm-dashboards")
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    exported = exported_series()
    for name, text in cm["data"].items():
        for panel in json.loads(text)["panels"]:
            for target in panel.get("targets", []):
                without_matchers = re.sub(r"\{[^}]*\}", "", target["expr"])
                for metric in re.findall(r"\b(?:citycomm|http)_[a-z_]+", without_matchers):
                    assert metric in exported, f"{name}: {metric} is exported by no service"


@pytest.mark.parametrize(
    ("overlay", "backend"),
    [("local", "jaeger:4317"), ("production", "jaeger-collector.observability.svc:4317")],
)
def test_the_collector_sends_traces_to_the_overlays_backend(
    overlay: str, backend: str, rendered: dict[str, list[Obj]]
) -> None:
    objs = rendered[overlay]
    collector = pod_spec(named(objs, "Deployment", "otel-collector"))["containers"][0]
    assert container_env(objs, collector)["CITYCOMM_TRACES_ENDPOINT"] == backend
    if overlay == "local":
        assert named(objs, "Service", "jaeger")


# --- images -----------------------------------------------------------------------------


def _pinned(image: str) -> bool:
    """A tag other than latest, or a digest: what runs is what was tested."""
    name, _, digest = image.partition("@")
    if digest:
        return re.fullmatch(r"sha256:[0-9a-f]{64}", digest) is not None
    repository, _, tag = name.rpartition(":")
    return bool(repository) and "/" not in tag and tag not in ("", "latest")


def test_no_image_is_latest_or_untagged(objects: list[Obj]) -> None:
    images = {c["image"] for _, c in iter_containers(objects)}
    images |= {c["spec"]["imageName"] for c in of_kind(objects, "Cluster")}
    assert images, "no images found"
    assert not {i for i in images if not _pinned(i)}, "pin a tag (not latest) or a digest"
    # Strimzi picks the broker image from the Kafka version: that version must be exact.
    for kafka in of_kind(objects, "Kafka"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", kafka["spec"]["kafka"]["version"])


def test_the_pin_check_refuses_what_it_should() -> None:
    for image in ("citycomm/intake", "citycomm/intake:latest", "registry:5000/citycomm/intake",
                  "otel/opentelemetry-collector-contrib@sha256:abc"):
        assert not _pinned(image), image
    for image in ("citycomm/intake:0.1.0", "registry:5000/citycomm/intake:0.1.0",
                  "ghcr.io/cloudnative-pg/postgresql:17.6", "x/y@sha256:" + "a" * 64):
        assert _pinned(image), image


# --- settings ---------------------------------------------------------------------------


SETTINGS = {
    "intake": "citycomm_intake.settings:IntakeSettings",
    "routing": "citycomm_routing.settings:RoutingSettings",
    "notifications": "citycomm_notifications.settings:NotificationsSettings",
    "reporting": "citycomm_reporting.settings:ReportingSettings",
}


@pytest.mark.parametrize("service", sorted(SETTINGS))
def test_each_services_environment_is_settings_it_accepts(
    service: str, objects: list[Obj], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the manifests set, read by the service's own Settings as it would at start (values
    from Secrets stand in as long random strings): a typo or a bad value fails here, not in a pod."""
    import importlib

    module, _, name = SETTINGS[service].partition(":")
    settings_class = getattr(importlib.import_module(module), name)
    env = container_env(objects, pod_spec(service_workload(objects, service))["containers"][0])
    for variable in [v for v in os.environ if v.startswith("CITYCOMM_")]:
        monkeypatch.delenv(variable)
    for variable, value in env.items():
        if isinstance(value, str):
            monkeypatch.setenv(variable, value)
        elif "secretKeyRef" in value:
            stand_ins = {"DATABASE_URL": "postgresql+asyncpg://citycomm@citycomm-db-rw:5432/citycomm",
                         "SHA256": "0" * 64}
            monkeypatch.setenv(variable, next((v for k, v in stand_ins.items() if variable.endswith(k)),
                                              "s" * 48))
        elif "configMapKeyRef" in value:
            ref = value["configMapKeyRef"]
            data = named(objects, "ConfigMap", ref["name"])["data"]
            if ref["key"] in data or not ref.get("optional"):  # an optional key absent: unset, as in a pod
                monkeypatch.setenv(variable, data[ref["key"]])
    settings = settings_class()
    assert settings.environment in ("production", "development")
