"""CityComm's alerts (deploy/k8s/components/monitoring/alerts.yaml) under promtool: the rules and
their templates check, every alert fires in its unit tests (alerts-tests.yaml) where it must and
nowhere else, and every alert has its runbook section in docs/alerts.md."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

MONITORING = REPO / "deploy" / "k8s" / "components" / "monitoring"
RUNBOOK = REPO / "docs" / "alerts.md"


# How a figure exported by several replicas is counted once (docs/alerts.md, "Counting"): reporting's
# are the same on every replica (the read model's), dead letters each replica's own partitions'.
COUNTED = {r"citycomm_inquiries_(open|overdue|decided|decided_on_time)\b": "max by (agency) (",
           r"citycomm_dead_letters\b": "sum by (agency) ("}


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((MONITORING / "alerts.yaml").read_text())
    return [rule for group in document["spec"]["groups"] for rule in group["rules"]]


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # CI must run it; a developer without it is told how to get it
        stop = pytest.fail if os.environ.get("CI") else pytest.skip
        stop(f"{name} is missing: run tests/observability/install.sh")
    return str(found)


def promtool() -> str:
    return tool("promtool")


def test_the_rules_and_their_templates_check(tmp_path: Path) -> None:
    document = yaml.safe_load((MONITORING / "alerts.yaml").read_text())
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump({"groups": document["spec"]["groups"]},
                                                        allow_unicode=True))
    run = subprocess.run([promtool(), "check", "rules", str(tmp_path / "rules.yaml")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"SUCCESS: {len(rules())} rules found" in run.stdout


def test_every_alert_behaves_as_its_unit_tests_say(tmp_path: Path) -> None:
    document = yaml.safe_load((MONITORING / "alerts.yaml").read_text())
    for group in document["spec"]["groups"]:
        for rule in group["rules"]:
            rule.pop("annotations", None)  # checked above; the tests hold expressions and labels
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump({"groups": document["spec"]["groups"]}))
    shutil.copy(MONITORING / "alerts-tests.yaml", tmp_path)
    run = subprocess.run([promtool(), "test", "rules", "alerts-tests.yaml"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_alert_fires_in_a_unit_test() -> None:
    tests = yaml.safe_load((MONITORING / "alerts-tests.yaml").read_text())["tests"]
    firing = {case["alertname"] for test in tests for case in test["alert_rule_test"] if case["exp_alerts"]}
    assert {rule["alert"] for rule in rules()} == firing


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r["alert"])
def test_every_alert_says_how_bad_and_where_its_runbook_is(rule: dict[str, Any]) -> None:
    assert rule["labels"]["severity"] in {"warning", "critical"}
    assert rule["annotations"]["summary"] and rule["annotations"]["description"]
    first_sentence = rule["annotations"]["description"].split(".")[0]
    assert re.search("[ăâđêôơưàảãáạèẻẽéẹìỉĩíịòỏõóọùủũúụỳỷỹýỵ]", first_sentence.lower()), \
        f"{rule['alert']}: the description starts in Vietnamese"
    anchor = rule["alert"].lower()
    assert rule["annotations"]["runbook_url"] == f"docs/alerts.md#{anchor}"
    section = re.search(rf"^## {rule['alert']}\n(.*?)(?=^## |\Z)", RUNBOOK.read_text(), re.M | re.S)
    assert section, f"docs/alerts.md has no section '## {rule['alert']}'"
    for part in ("**Meaning.**", "**Confirm.**", "**Act.**"):
        assert part in section.group(1), f"{rule['alert']}: its runbook section lacks {part}"


def test_the_alertmanager_routing_example_checks() -> None:
    run = subprocess.run([tool("amtool"), "check-config", str(MONITORING / "alertmanager.yml")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "SUCCESS" in run.stdout, run.stdout + run.stderr


def test_the_routing_example_names_real_alerts_labels_and_severities() -> None:
    """A renamed alert or label would leave a route or an inhibition matching nothing."""
    config = yaml.safe_load((MONITORING / "alertmanager.yml").read_text())
    matchers = [m for route in config["route"]["routes"] for m in route["matchers"]]
    for inhibit in config["inhibit_rules"]:
        matchers += inhibit["source_matchers"] + inhibit["target_matchers"]
    alerts = {rule["alert"] for rule in rules()}
    values = {label: {rule["labels"][label] for rule in rules()} for label in ("severity", "team")}
    for matcher in matchers:
        label, operator, value = re.fullmatch(r'(\w+)(=~|=)"(.*)"', matcher).groups()  # type: ignore[union-attr]
        known = alerts if label == "alertname" else values[label]
        for alternative in value.split("|") if operator == "=~" else [value]:
            assert any(re.fullmatch(alternative, name) for name in known), f"{matcher}: {alternative}"


def expressions() -> dict[str, str]:
    """Every alert's and every dashboard panel's query, by alert name or panel title."""
    found = {rule["alert"]: rule["expr"] for rule in rules()}
    for path in sorted((MONITORING / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel.get("targets", []):
                found[f"{path.stem}: {panel['title']} ({target['refId']})"] = target["expr"]
    return found


def test_figures_several_replicas_export_are_counted_once() -> None:
    miscounted = {}
    for where, expr in expressions().items():
        flat = " ".join(expr.split())
        for series, aggregation in COUNTED.items():
            for found in re.finditer(series, flat):
                if not flat[:found.start()].endswith(aggregation):
                    miscounted[where] = flat
    assert miscounted == {}, f"not counted as {COUNTED}: {miscounted}"
    assert sum(1 for expr in expressions().values() if "citycomm_inquiries_" in expr) >= 6  # the check checks

