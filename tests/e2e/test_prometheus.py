"""A real Prometheus (Debian's) scrapes every service of a platform of the test's own — a fast clock
so deadlines pass, two reporting replicas on PostgreSQL — with the alert rules loaded. After real
traffic (inquiries routed, delivered by webhook, answered on time, one overdue), every query of
every Grafana dashboard and every alert rule is evaluated: each must name only series the services
export (or an allowed third-party one), evaluate without error, and the panels traffic feeds must
show data — the figures the two replicas export counted once, the city's on-time rate from counts.
Then the database goes away and its alert goes pending."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import grpc
import httpx
import pytest
import yaml

from citycomm.v1 import intake_pb2_grpc, reporting_pb2
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.conftest import REPO, postgres_url
from tests.e2e.conftest import Receiver, serve_in_thread
from tests.support import api_keys
from tests.support.sql import execute as execute_sql
from tests.support.tcp_proxy import TcpProxy

MONITORING = REPO / "deploy" / "k8s" / "components" / "monitoring"
# Series from elsewhere, the only ones allowed: Prometheus' own per-target `up`, and cert-manager's
# certificate expiry (CityCommCertificateExpiresSoon; cert-manager exports it in the cluster).
THIRD_PARTY = {"up", "certmanager_certificate_expiration_timestamp_seconds"}
# Panels the traffic below must feed: every one but dead letters, failures and failing checks
# (none happen on a healthy platform).
MUST_SHOW = {
    "On-time answer rate (city)", "Open inquiries (city)", "Overdue inquiries (city)",
    "Escalations, last 24 h", "Overdue by agency (top 15)", "On-time rate by agency (lowest 15)",
    "Open inquiries by agency", "Escalations per hour by stage",
    "HTTP requests per second by service", "HTTP p95 latency by service",
    "Records processed per second by topic", "Processing p95 by topic", "Consumer lag by topic",
    "Max lag of one partition", "Webhook deliveries by outcome",
    "Intake's server errors and 503s (share of requests, HTTP and gRPC)",
    "gRPC calls per second by service and status",
}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "topk", "bottomk", "by", "without", "and", "or", "unless",
    "rate", "irate", "increase", "deriv", "delta", "histogram_quantile", "offset", "time", "on",
    "ignoring", "group_left", "group_right", "bool", "abs", "clamp_min", "clamp_max", "absent",
    "quantile_over_time", "avg_over_time", "max_over_time", "min_over_time", "label_replace", "vector",
}
START = "2026-11-03T09:00:00+07:00"  # a Tuesday morning; the month's deadlines fall in November
SPEEDUP = 600  # the 1022 rule's one-hour deadline passes in 6 s
WARD, COORDINATOR = "ubnd-26740", "so-van-hoa-the-thao"  # config/directory.yaml


def dashboard_queries() -> list[tuple[str, str]]:
    """(panel title, expression) of every target of every dashboard, Grafana's variables replaced."""
    found = []
    for path in sorted((MONITORING / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                expr = target["expr"].replace("$__rate_interval", "1m")
                assert "$" not in expr, f"{panel['title']}: a Grafana variable this test does not replace"
                found.append((panel["title"], expr))
    return found


def alert_rules() -> dict[str, Any]:
    return {"groups": yaml.safe_load((MONITORING / "alerts.yaml").read_text())["spec"]["groups"]}


def metric_names(expr: str) -> set[str]:
    """The series an expression names: identifiers not inside {...} or quotes, nor PromQL words,
    nor a label name in by (...)/without (...)."""
    bare = re.sub(r'"[^"]*"', "", expr)
    bare = re.sub(r"\{[^}]*\}", "", bare)
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", bare)
    bare = re.sub(r"\[[^\]]*\]", "", bare)
    return {w for w in re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", bare)
            if w not in PROMQL_WORDS and not re.fullmatch(r"\d+[smhd]?", w)}


@dataclass
class Platform:
    config: StackConfig
    receiver: Receiver
    database: TcpProxy  # reporting's PostgreSQL, through a proxy the test can cut
    targets: dict[str, list[int]]  # service → the HTTP ports of its replicas


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    url = postgres_url()
    if url is None:
        pytest.skip("two reporting replicas share PostgreSQL, which is not reachable at 127.0.0.1:5432")
    host, _, port = url.split("@", 1)[1].split("/", 1)[0].partition(":")
    proxy, schema = TcpProxy((host, int(port or 5432))), f"prometheus_{uuid.uuid4().hex[:10]}"
    execute_sql(url, f'CREATE SCHEMA "{schema}"')
    broker = EmbeddedBroker(log_path=ARTIFACTS / "prometheus-broker.log").start(partitions=3)
    receiver, state = Receiver(free_port()), tmp_path_factory.mktemp("prometheus-platform")
    every = {"CITYCOMM_DEMO_INBOX_URL": receiver.url,
             "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{state / 'keys.db'}",
             "CITYCOMM_CLOCK_SPEEDUP": str(SPEEDUP), "CITYCOMM_CLOCK_START": START,
             "CITYCOMM_GAUGES_SECONDS": "1"}  # reporting's figures recomputed every second
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(), extra_env=every)
    specs = [s for s in processes(config) if s.name != "inbox"]
    reporting = next(s for s in specs if s.name == "reporting")
    specs.remove(reporting)
    second = (free_port(), free_port())
    for name, (http, rpc) in (("reporting", (config.ports.reporting_http, config.ports.reporting_grpc)),
                              ("reporting-b", second)):
        env = {"CITYCOMM_DATABASE_URL": url.replace(f"{host}:{port}", f"127.0.0.1:{proxy.port}"),
               "CITYCOMM_DATABASE_SCHEMA": schema, "CITYCOMM_HTTP_PORT": str(http),
               "CITYCOMM_GRPC_PORT": str(rpc), "CITYCOMM_DATA_DIR": str(state / name)}
        specs.append(replace(reporting, name=name, env={**reporting.env, **env},
                             ready_url=f"http://127.0.0.1:{http}/readyz"))
    ports = config.ports
    targets = {"intake": [ports.intake_http], "routing": [ports.routing_http],
               "notifications": [ports.notifications_http], "reporting": [ports.reporting_http, second[0]]}
    try:
        with serve_in_thread(receiver.app(), receiver.port):
            running = Stack().start(specs, run_name="prometheus")
            try:
                yield Platform(config, receiver, proxy, targets)
            finally:
                proxy.restore()
                running.stop()
    finally:
        broker.stop()
        execute_sql(url, f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def prometheus(platform: Platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("prometheus")
    if binary is None:  # CI must run it; a developer without it is told how to get it
        stop = pytest.fail if os.environ.get("CI") else pytest.skip
        stop("prometheus is missing: run tests/observability/install.sh")
    folder = tmp_path_factory.mktemp("prometheus")
    (folder / "rules.yaml").write_text(yaml.safe_dump(alert_rules(), allow_unicode=True))
    scraped = [{"targets": [f"127.0.0.1:{port}" for port in ports],
                "labels": {"service": service, "namespace": "citycomm"}}
               for service, ports in platform.targets.items()]
    config = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
              "rule_files": [str(folder / "rules.yaml")],
              "scrape_configs": [{"job_name": "citycomm", "static_configs": scraped}]}
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = ARTIFACTS / "logs" / "prometheus.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        server = subprocess.Popen(
            [binary, f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _ready(url), 30, "prometheus to start")
        yield url
    finally:
        server.terminate()
        server.wait(10)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/-/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def query(url: str, expr: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{url}/api/v1/query", params={"query": expr}, timeout=10).json()
    assert answer["status"] == "success", (expr, answer)
    return answer["data"]["result"]  # type: ignore[no-any-return]


def value(url: str, expr: str) -> float | None:
    """The single value of an expression, or None while it has none."""
    found = query(url, expr)
    return float(found[0]["value"][1]) if len(found) == 1 else None


def alerts(url: str) -> dict[str, set[str]]:
    """Each alert pending or firing, with the states it is in."""
    found: dict[str, set[str]] = {}
    for alert in httpx.get(f"{url}/api/v1/alerts", timeout=10).json()["data"]["alerts"]:
        found.setdefault(alert["labels"]["alertname"], set()).add(alert["state"])
    return found


def send_traffic(platform: Platform) -> None:
    """Three citizens' feedback to the ward, two answered on time, one read over gRPC; a media alert
    no rule places, left to go overdue at the coordinator on its one-hour deadline."""
    base = f"http://127.0.0.1:{platform.config.ports.intake_http}"
    keys = api_keys.issue(platform.config.extra_env["CITYCOMM_API_KEYS_DATABASE_URL"],
                          {"ward": ("agency", WARD), "press_center": ("press_center", "trung-tam-bao-chi")})

    def submit(path: str, body: dict[str, Any], key: str = "") -> str:
        headers = {"Idempotency-Key": str(uuid.uuid4()), "Prefer": "wait=15",
                   **({"Authorization": f"Bearer {key}"} if key else {})}
        answer = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
        assert answer.status_code in (200, 201, 202), answer.text
        return str(answer.json()["inquiry_id"])

    feedback = [submit("/v1/feedback", {"category": "noise", "ward": "26740", "title": f"karaoke {n}",
                                        "description": "hát khuya sau 22 giờ"}) for n in range(3)]
    submit("/v1/inquiries", {"kind": "media_alert", "title": "Tin đồn chưa rõ nguồn",
                             "description": f"Một tin lan truyền ({uuid.uuid4()})",
                             "source_urls": ["https://example.com/tin-don"]}, keys["press_center"])
    wait_for(lambda: {i for r in platform.receiver.received()
                      if (body := json.loads(r["body"]))["type"] == "inquiry.assigned"
                      and (i := body["data"]["inquiry_id"]) in feedback} == set(feedback),
             30, "the feedback assigned to the ward, by webhook")
    with grpc.insecure_channel(f"127.0.0.1:{platform.config.ports.intake_grpc}") as channel:
        found = intake_pb2_grpc.IntakeServiceStub(channel).GetInquiry(
            reporting_pb2.GetInquiryRequest(inquiry_id=feedback[2]),
            metadata=(("authorization", f"Bearer {keys['ward']}"),), timeout=10)
        assert found.inquiry_id == feedback[2]
    for inquiry_id in feedback[:2]:
        answered = httpx.post(f"{base}/v1/inquiries/{inquiry_id}/answer", json={"answer": "Đã xử lý."},
                              headers={"Authorization": f"Bearer {keys['ward']}", "Prefer": "wait=15",
                                       "Idempotency-Key": str(uuid.uuid4())}, timeout=30)
        assert answered.status_code == 200 and answered.json()["state"] == "accepted", answered.text


def test_every_dashboard_query_and_alert_rule_answers_from_the_services_series(
        platform: Platform, prometheus: str) -> None:
    wait_for(lambda: (found := query(prometheus, 'up{job="citycomm"}')) and len(found) == 5
             and all(r["value"][1] == "1" for r in found), 30, "every replica scraped before the traffic")
    send_traffic(platform)
    # What reporting counts, each figure once though two replicas export it: 2 of 3 decided on
    # time (the mean of the two agencies' rates would be 1/2), 2 open, 1 of them overdue.
    city = dict(dashboard_queries())
    expected = {"On-time answer rate (city)": 2 / 3, "Open inquiries (city)": 2,
                "Overdue inquiries (city)": 1}
    wait_for(lambda: all(value(prometheus, city[title]) == pytest.approx(figure)
                         for title, figure in expected.items()), 60, f"the city's figures {expected}")
    assert value(prometheus, "sum(citycomm_inquiries_open)") == 2 * 2  # each replica exports them
    wait_for(lambda: query(prometheus, "sum(increase(citycomm_escalations_total[5m])) >= 3"), 30,
             "the overdue media alert's reminder, overdue notice and escalation")
    # Lag that means what it says: each group's, back to nothing once the traffic is handled.
    wait_for(lambda: value(prometheus, "sum(messaging_kafka_consumer_lag)") == 0, 30, "every group caught up")
    by_group = "count by (messaging_consumer_group_name) (messaging_kafka_consumer_lag)"
    groups = {r["metric"]["messaging_consumer_group_name"] for r in query(prometheus, by_group)}
    assert groups == {"citycomm-routing", "citycomm-notifications", "citycomm-reporting"}

    # What the services declare (# TYPE lines, as Prometheus keeps them from its scrapes: a
    # labelled metric with nothing to count yet, dead letters say, has no series but is exported)
    # and every series Prometheus holds (histograms' _bucket/_count/_sum among them).
    exported = set(httpx.get(f"{prometheus}/api/v1/label/__name__/values", timeout=10).json()["data"])
    declared = set(httpx.get(f"{prometheus}/api/v1/metadata", timeout=10).json()["data"])
    exported |= declared | {f"{name}{suffix}" for name in declared
                            for suffix in ("_total", "_bucket", "_count", "_sum")}
    rules = {rule["alert"]: rule["expr"] for group in alert_rules()["groups"] for rule in group["rules"]}
    unknown = {}
    for title, expr in [*dashboard_queries(), *rules.items()]:
        if missing := {name for name in metric_names(expr) if name not in exported | THIRD_PARTY}:
            unknown[title] = missing
        query(prometheus, expr)  # a query Prometheus refuses fails here
    assert unknown == {}, f"series no service exports: {unknown}"
    empty = [title for title, expr in dashboard_queries()
             if title in MUST_SHOW and not query(prometheus, expr)]
    assert empty == [], f"panels with no data after traffic: {empty}"
    assert {title for title, _ in dashboard_queries()} >= MUST_SHOW  # the list names real panels

    def rules_evaluated() -> list[dict[str, Any]] | None:
        groups = httpx.get(f"{prometheus}/api/v1/rules", timeout=10).json()["data"]["groups"]
        evaluated = [r for g in groups for r in g["rules"]]
        return evaluated if all(r.get("lastEvaluation", "").startswith("2") for r in evaluated) else None

    evaluated = wait_for(rules_evaluated, 30, "every alert rule evaluated")
    assert {r["name"] for r in evaluated} == set(rules)
    assert {r["name"]: r.get("lastError") for r in evaluated if r["health"] != "ok"} == {}
    # The overdue media alert is seen (its alert waits an hour before firing); nothing else is.
    assert alerts(prometheus) == {"CityCommInquiriesOverdue": {"pending"}}

    platform.database.cut()  # reporting's readiness and its alert follow the database, not start-up
    wait_for(lambda: "CityCommDatabaseUnreachable" in alerts(prometheus), 30, "the database's alert")
    both = {("reporting", f"127.0.0.1:{port}") for port in platform.targets["reporting"]}
    wait_for(lambda: {(r["metric"]["service"], r["metric"]["instance"])
                      for r in query(prometheus, 'citycomm_ready{check="database"} == 0')} == both,
             30, "both reporting replicas, and only they, without their database")
    platform.database.restore()
    wait_for(lambda: "CityCommDatabaseUnreachable" not in alerts(prometheus), 30, "the database back")


def test_the_series_names_are_read_from_expressions() -> None:
    assert metric_names('sum by (agency) (rate(citycomm_webhook_deliveries_total{outcome!="delivered"}[15m]))'
                        ) == {"citycomm_webhook_deliveries_total"}
    assert metric_names("histogram_quantile(0.95, sum by (le, service) (rate(x_bucket[5m]))) - y offset 6h"
                        ) == {"x_bucket", "y"}
    assert metric_names("certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400"
                        ) == {"certmanager_certificate_expiration_timestamp_seconds"}
