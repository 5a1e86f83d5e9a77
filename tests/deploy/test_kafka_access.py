"""Kafka as an SRE would run it: a TLS listener whose users get only what each service does, broker
metrics and the exporter of consumer-group lag.

What each service reads and writes is written once (service_access.py), next to the code it comes
from, and held to that code here: a service that starts using another topic fails until its
KafkaUser says so.
"""

from __future__ import annotations

import re

import pytest
import yaml
from rendering import REPO, Obj, named, of_kind
from service_access import ACCESS, ALL_TOPICS, NOTIFICATIONS_GROUP, REPORTING_GROUP, ROUTING_GROUP, T

# faust's own topics of an app: table changelogs, the assignor's leader topic, internal topics.
FAUST_OWN = {"Create", "Describe", "DescribeConfigs", "Read", "Write"}

Acl = tuple[str, str, str, str]  # (resource type, name, pattern type, operation)


def acls(user: Obj) -> set[Acl]:
    return {
        (rule["resource"]["type"], rule["resource"].get("name", ""),
         rule["resource"].get("patternType", "literal"), op)
        for rule in user["spec"]["authorization"]["acls"]
        if rule.get("type", "allow") == "allow"
        for op in rule["operations"]
    }


def expected_acls(reads: set[str], writes: set[str], group: str | None) -> set[Acl]:
    wanted = {("topic", name, "literal", "Describe") for name in ALL_TOPICS}
    wanted |= {("topic", name, "literal", "Read") for name in reads}
    wanted |= {("topic", name, "literal", "Write") for name in writes}
    if group:
        wanted |= {("topic", f"{group}-", "prefix", op) for op in FAUST_OWN}
        wanted |= {("group", group, "literal", op) for op in ("Describe", "Read")}
    return wanted


def topics_in_code(service: str) -> set[str]:
    """The platform topics a service's code names, and those its helpers use for it."""
    source = "\n".join(p.read_text() for p in (REPO / "services" / service).rglob("*.py"))
    imported = re.findall(r"from citycomm_common\.topics import ([^\n]+)", source)
    names = {getattr(T, n.strip()).name for line in imported for n in line.split(",")}
    if re.search(r"\b(envelopes|delivery_batches|dead_letter)\(", source):
        names.add(T.DEAD_LETTERS.name)  # undecodable records are parked there (streams.py)
    if re.search(r"\bDirectoryView\b|directory_feed", source):
        names.add(T.DIRECTORY_AGENCIES.name)  # every service reads the live directory
    return names


@pytest.mark.parametrize("service", sorted(ACCESS))
def test_the_access_table_names_every_topic_the_code_uses(service: str) -> None:
    reads, writes, _ = ACCESS[service]
    assert topics_in_code(service) == reads | writes


@pytest.mark.parametrize("service", sorted(ACCESS))
def test_each_service_may_do_what_it_does_and_nothing_else(service: str, objects: list[Obj]) -> None:
    user = named(objects, "KafkaUser", f"citycomm-{service}")
    assert user["spec"]["authentication"] == {"type": "tls"}
    assert acls(user) == expected_acls(*ACCESS[service])


def test_kafka_users_belong_to_the_cluster_and_deny_nothing_by_accident(objects: list[Obj]) -> None:
    for user in of_kind(objects, "KafkaUser"):
        assert user["metadata"]["labels"]["strimzi.io/cluster"] == "citycomm"
        rules = user["spec"]["authorization"]["acls"]
        assert all(rule.get("type", "allow") == "allow" and rule.get("host", "*") == "*" for rule in rules)
        assert not any(rule["resource"]["type"] == "cluster" for rule in rules), "no cluster-wide rights"
        assert not any("All" in rule["operations"] for rule in rules), "name the operations"


def test_the_tls_listener_authenticates_clients_by_certificate(objects: list[Obj]) -> None:
    kafka = named(objects, "Kafka", "citycomm")["spec"]
    listeners = {listener["name"]: listener for listener in kafka["kafka"]["listeners"]}
    assert listeners["tls"]["tls"] is True and listeners["tls"]["authentication"] == {"type": "tls"}
    assert kafka["kafka"]["authorization"]["type"] == "simple"
    # Only the plain listener's clients are super users: the services locally, and in production
    # nobody but `kubectl exec` into a broker (test_manifests.py checks its peers).
    assert kafka["kafka"]["authorization"]["superUsers"] == ["ANONYMOUS"]
    assert "authentication" not in listeners["plain"]
    assert "userOperator" in kafka["entityOperator"]


def test_broker_metrics_come_from_a_configmap_that_exists(objects: list[Obj]) -> None:
    metrics = named(objects, "Kafka", "citycomm")["spec"]["kafka"]["metricsConfig"]
    ref = metrics["valueFrom"]["configMapKeyRef"]
    config = yaml.safe_load(named(objects, "ConfigMap", ref["name"])["data"][ref["key"]])
    assert config["lowercaseOutputName"] is True and config["rules"]


def test_the_exporter_reports_every_citycomm_group(objects: list[Obj]) -> None:
    exporter = named(objects, "Kafka", "citycomm")["spec"]["kafkaExporter"]
    for group in (ROUTING_GROUP, NOTIFICATIONS_GROUP, REPORTING_GROUP):
        assert re.fullmatch(exporter["groupRegex"], group), group
    for topic in ALL_TOPICS:
        assert re.fullmatch(exporter["topicRegex"], topic), topic
        assert not re.match(exporter["topicExcludeRegex"], topic), topic
    assert re.match(exporter["topicExcludeRegex"], "__consumer_offsets")


# What the brokers' JMX exporter rules make of the MBeans an operator watches (first match wins,
# names lower-cased, as jmx_exporter does).
MBEANS = {
    "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value":
        ("kafka_server_replicamanager_underreplicatedpartitions", {}),
    "kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value":
        ("kafka_controller_kafkacontroller_offlinepartitionscount", {}),
    "kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value":
        ("kafka_controller_kafkacontroller_activecontrollercount", {}),
    "kafka.cluster<type=Partition, name=UnderMinIsr, topic=inquiry.events, partition=3><>Value":
        ("kafka_cluster_partition_underminisr", {"topic": "inquiry.events", "partition": "3"}),
    "kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=inquiry.commands><>Count":
        ("kafka_server_brokertopicmetrics_bytesin_total", {"topic": "inquiry.commands"}),
    "kafka.server<type=BrokerTopicMetrics, name=FailedProduceRequestsPerSec><>Count":
        ("kafka_server_brokertopicmetrics_failedproducerequests_total", {}),
    "kafka.server<type=ReplicaManager, name=IsrShrinksPerSec><>Count":
        ("kafka_server_replicamanager_isrshrinks_total", {}),
    "kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate":
        ("kafka_server_request_handler_avg_idle_ratio", {}),
    "kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value":
        ("kafka_network_processor_avg_idle_ratio", {}),
    "kafka.server<type=raft-metrics><>current-state: leader":
        ("kafka_server_raft_current_state", {"state": "leader"}),
}


def _exported(rules: list[Obj], mbean: str) -> tuple[str, dict[str, str]] | None:
    for rule in rules:
        match = re.fullmatch(rule["pattern"], mbean)
        if match:
            def expand(text: str, found: re.Match[str] = match) -> str:
                return re.sub(r"\$(\d+)", lambda g: found.group(int(g.group(1))), text)
            name = re.sub(r"[^a-zA-Z0-9_:]", "_", expand(rule["name"])).lower()
            return name, {k: expand(v) for k, v in rule.get("labels", {}).items()}
    return None


def test_jmx_rules_name_the_broker_metrics_an_operator_watches(objects: list[Obj]) -> None:
    config = yaml.safe_load(named(objects, "ConfigMap", "kafka-metrics")["data"]["kafka-metrics-config.yml"])
    for mbean, wanted in MBEANS.items():
        assert _exported(config["rules"], mbean) == wanted, mbean



def test_prometheus_scrapes_the_brokers_and_the_exporter(objects: list[Obj]) -> None:
    """Strimzi labels broker and exporter pods so, and serves both on port tcp-prometheus (9404)."""
    [monitor] = [m for m in of_kind(objects, "PodMonitor") if m["metadata"]["name"] == "citycomm-kafka"]
    selector = monitor["spec"]["selector"]["matchLabels"]
    for pod in ("citycomm-dual-role-0", "citycomm-kafka-exporter"):
        labels = {"strimzi.io/cluster": "citycomm", "strimzi.io/kind": "Kafka", "strimzi.io/name": pod}
        assert all(labels.get(k) == v for k, v in selector.items()), pod
    assert [e["port"] for e in monitor["spec"]["podMetricsEndpoints"]] == ["tcp-prometheus"]
