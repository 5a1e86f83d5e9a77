"""Rendering the overlays as a fresh clone has them, and reading the objects that come out."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
OVERLAYS = ("local", "production")
TOOLS_DIR = Path(os.environ.get("CITYCOMM_TOOLS_DIR", REPO / "var" / "tools"))

Obj = dict[str, Any]


def as_cloned(dest: Path) -> Path:
    """Copies into `dest` what a clone of this tree holds: the files git tracks or would track
    (untracked but not ignored), so nothing ignored or generated can make a render pass."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        source = REPO / name
        if name and source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def render(kubectl: Path, kustomization_dir: Path) -> list[Obj]:
    """`kubectl kustomize` with its default load restrictor, as Argo CD and Flux run it."""
    result = subprocess.run([str(kubectl), "kustomize", str(kustomization_dir)], capture_output=True,
                            text=True)
    assert result.returncode == 0, f"kustomize {kustomization_dir} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def of_kind(objs: list[Obj], *kinds: str) -> list[Obj]:
    return [o for o in objs if o["kind"] in kinds]


def named(objs: list[Obj], kind: str, name: str) -> Obj:
    matches = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind}/{name}, found {len(matches)}"
    return matches[0]


def workloads(objs: list[Obj]) -> list[Obj]:
    return of_kind(objs, "Deployment", "StatefulSet", "DaemonSet")


def pod_spec(workload: Obj) -> Obj:
    spec: Obj = workload["spec"]["template"]["spec"]
    return spec


def pod_labels(workload: Obj) -> dict[str, str]:
    labels: dict[str, str] = workload["spec"]["template"]["metadata"]["labels"]
    return labels


def container_env(objs: list[Obj], container: Obj) -> dict[str, Any]:
    """The container's environment, envFrom ConfigMaps resolved (values or valueFrom)."""
    env: dict[str, Any] = {}
    for source in container.get("envFrom", []):
        cm = named(objs, "ConfigMap", source["configMapRef"]["name"])
        env.update(cm.get("data", {}))
    for var in container.get("env", []):
        env[var["name"]] = var.get("value", var.get("valueFrom"))
    return env


def selects(selector: Obj, labels: dict[str, str]) -> bool:
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def iter_containers(objs: list[Obj]) -> Iterator[tuple[Obj, Obj]]:
    for w in workloads(objs):
        spec = pod_spec(w)
        for c in spec.get("initContainers", []) + spec["containers"]:
            yield w, c
