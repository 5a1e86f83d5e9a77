"""A real Prometheus (Debian's) scrapes every service of the running platform, with the alert
rules loaded; after real traffic, every query of every Grafana dashboard and every alert rule is
evaluated: each must name only series the services export (or an allowed third-party one), the
rules must evaluate without error, and the panels traffic must feed must show data."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import StackConfig
from tests.conftest import REPO
from tests.e2e.conftest import Receiver

MONITORING = REPO / "deploy" / "k8s" / "components" / "monitoring"
SERVICES = ("intake", "routing", "notifications", "reporting")
# Series from elsewhere: Prometheus' own per-target `up`, cert-manager's certificate metrics.
THIRD_PARTY = {"up", "certmanager_certificate_expiration_timestamp_seconds"}
# Panels that real traffic (inquiries submitted, routed, delivered, projected) must feed.
MUST_SHOW = {
    "Open inquiries (city)", "Overdue inquiries (city)", "Overdue by agency (top 15)",
    "Open inquiries by agency", "HTTP requests per second by service", "HTTP p95 latency by service",
    "Records processed per second by topic", "Processing p95 by topic", "Consumer lag by topic",
    "Max lag of one partition", "Webhook deliveries by outcome",
}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "topk", "bottomk", "by", "without", "and", "or", "unless",
    "rate", "irate", "increase", "deriv", "delta", "histogram_quantile", "offset", "time", "on",
    "ignoring", "group_left", "group_right", "bool", "abs", "clamp_min", "clamp_max", "absent",
    "quantile_over_time", "avg_over_time", "max_over_time", "min_over_time", "label_replace",
}


def dashboard_queries() -> list[tuple[str, str]]:
    """(panel title, expression) of every target of every dashboard."""
    found = []
    for path in sorted((MONITORING / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                found.append((panel["title"], target["expr"].replace("$__rate_interval", "1m")))
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


@pytest.fixture(scope="module")
def prometheus(stack: Stack, stack_config: StackConfig, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[str]:
    binary = shutil.which("prometheus")
    if binary is None:  # CI must run it; a developer without it is told how to get it
        stop = pytest.fail if os.environ.get("CI") else pytest.skip
        stop("prometheus is missing: run tests/observability/install.sh")
    folder = tmp_path_factory.mktemp("prometheus")
    (folder / "rules.yaml").write_text(yaml.safe_dump(alert_rules(), allow_unicode=True))
    ports = stack_config.ports
    targets = [{"targets": [f"127.0.0.1:{getattr(ports, f'{name}_http')}"],
                "labels": {"service": name, "namespace": "citycomm"}} for name in SERVICES]
    config = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
              "rule_files": [str(folder / "rules.yaml")],
              "scrape_configs": [{"job_name": "citycomm", "static_configs": targets}]}
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = (ARTIFACTS / "logs" / "prometheus.log")
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


def submit(port: int, receiver: Receiver, titles: list[str]) -> None:
    """Citizens' feedback through intake, returning once each webhook reached the agency."""
    delivered_before = len(receiver.received())
    for title in titles:
        answer = httpx.post(f"http://127.0.0.1:{port}/v1/feedback", timeout=10,
                            json={"category": "noise", "ward": "26740", "title": title,
                                  "description": "karaoke after 22:00"})
        assert answer.status_code == 202, answer.text
    wait_for(lambda: len(receiver.received()) >= delivered_before + len(titles), 60, "the webhooks delivered")


def test_every_dashboard_query_and_alert_rule_answers_from_the_services_series(
        prometheus: str, stack_config: StackConfig, receiver: Receiver) -> None:
    ports = stack_config.ports
    # Every target scraped before the traffic: a counter first seen after it moved shows no rate.
    wait_for(lambda: (up := query(prometheus, 'up{job="citycomm"}')) and len(up) == len(SERVICES)
             and all(r["value"][1] == "1" for r in up), 30, "every service scraped")
    # In two rounds: a counter's series exists from its first increment, and Prometheus sees a
    # rate only in what moves after its first sample of it.
    submit(ports.intake_http, receiver, ["prometheus 0"])
    wait_for(lambda: query(prometheus, "citycomm_webhook_deliveries_total"), 30, "the deliveries counter")
    submit(ports.intake_http, receiver, ["prometheus 1", "prometheus 2"])
    # Reporting's gauges (recomputed every 15 s) counted our inquiries.
    wait_for(lambda: (r := query(prometheus, "sum(max by (agency) (citycomm_inquiries_open))"))
             and float(r[0]["value"][1]) >= 3, 60, "reporting's open inquiries in Prometheus")
    wait_for(lambda: query(prometheus, "sum(rate(citycomm_webhook_deliveries_total[1m])) > 0"), 60,
             "the deliveries' rate in Prometheus")

    # What the services declare (# TYPE lines, as Prometheus keeps them from its scrapes: a
    # labelled metric with nothing to count yet, dead letters say, has no series but is exported)
    # and every series Prometheus holds (histograms' _bucket/_count/_sum among them).
    exported = set(httpx.get(f"{prometheus}/api/v1/label/__name__/values", timeout=10).json()["data"])
    declared = set(httpx.get(f"{prometheus}/api/v1/metadata", timeout=10).json()["data"])
    exported |= declared | {f"{name}{suffix}" for name in declared
                            for suffix in ("_total", "_bucket", "_count", "_sum")}
    unknown = {}
    for title, expr in dashboard_queries():
        missing = {name for name in metric_names(expr) if name not in exported | THIRD_PARTY}
        if missing:
            unknown[title] = missing
        query(prometheus, expr)  # a query Prometheus refuses fails here
    for group in alert_rules()["groups"]:
        for rule in group["rules"]:
            missing = {name for name in metric_names(rule["expr"]) if name not in exported | THIRD_PARTY}
            if missing:
                unknown[rule["alert"]] = missing
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
    assert len(evaluated) == sum(len(g["rules"]) for g in alert_rules()["groups"])
    broken = {r["name"]: r.get("lastError") for r in evaluated if r["health"] != "ok"}
    assert broken == {}
    # Healthy platform, real traffic: no operator alert fires (overdue and certificates aside).
    firing = {r["name"] for r in evaluated if r["state"] == "firing"}
    assert firing == set(), firing


def test_the_series_names_are_read_from_expressions() -> None:
    assert metric_names('sum by (agency) (rate(citycomm_webhook_deliveries_total{outcome!="delivered"}[15m]))'
                        ) == {"citycomm_webhook_deliveries_total"}
    assert metric_names("histogram_quantile(0.95, sum by (le, service) (rate(x_bucket[5m]))) - y offset 6h"
                        ) == {"x_bucket", "y"}
    assert metric_names("certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 86400"
                        ) == {"certmanager_certificate_expiration_timestamp_seconds"}
