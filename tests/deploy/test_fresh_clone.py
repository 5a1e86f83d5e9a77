"""The overlays render from a fresh clone as it is, and config/ is the one source of the ConfigMap.

Argo CD and Flux render a repository as it is committed, with kustomize's default load restrictor:
nothing may have to be generated first, and no file may be read from outside a kustomization's
root. The configuration reaches the ConfigMap through config/kustomization.yaml (decision 0070).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from rendering import OVERLAYS, REPO, Obj, named, of_kind, render

CONTRACT_CONFIG_FILES = {
    "directory.yaml",
    "wards.yaml",
    "categories.yaml",
    "calendar.yaml",
    "deadline-policies.yaml",
    "routing-rules.yaml",
}
CONFIG = REPO / "config"


def config_files() -> set[str]:
    return {p.name for p in CONFIG.glob("*.yaml")} - {"kustomization.yaml"}


def config_map(objs: list[Obj]) -> Obj:
    [cm] = [o for o in of_kind(objs, "ConfigMap") if o["metadata"]["name"].startswith("citycomm-config-")]
    return cm


def test_the_contract_config_files_exist_in_config_dir() -> None:
    missing = sorted(CONTRACT_CONFIG_FILES - config_files())
    assert not missing, f"config/ lacks {missing}: the ConfigMap would be incomplete"


def test_every_config_file_is_in_the_configmap_generator() -> None:
    kustomization = yaml.safe_load((CONFIG / "kustomization.yaml").read_text())
    [generator] = kustomization["configMapGenerator"]
    assert generator["name"] == "citycomm-config"
    listed = set(generator["files"])
    assert config_files() <= listed, f"add {sorted(config_files() - listed)} to config/kustomization.yaml"
    assert listed == config_files()


def test_base_takes_the_configmap_from_config_itself() -> None:
    base = yaml.safe_load((REPO / "deploy" / "k8s" / "base" / "kustomization.yaml").read_text())
    assert "../../../config" in base["resources"]
    generated = {g["name"] for g in base.get("configMapGenerator", [])}
    assert "citycomm-config" not in generated, "one generator of the configuration, in config/"


def test_the_configmap_holds_the_config_files_as_they_are(objects: list[Obj]) -> None:
    data = config_map(objects)["data"]
    assert set(data) == config_files()
    for name, text in data.items():
        assert text == (CONFIG / name).read_text(), f"{name} differs from config/{name}"


def test_the_config_fits_in_one_configmap(objects: list[Obj]) -> None:
    size = sum(len(v.encode()) for v in config_map(objects)["data"].values())
    # The API server refuses a ConfigMap over 1 MiB; keep headroom for growth.
    assert size < 900 * 1024, f"config is {size} bytes; split it or use a volume"


def test_every_pod_mounts_the_generated_configmap(objects: list[Obj]) -> None:
    name = config_map(objects)["metadata"]["name"]
    for kind, service in [("Deployment", "intake"), ("StatefulSet", "routing"),
                          ("StatefulSet", "notifications"), ("Deployment", "reporting")]:
        volumes = named(objects, kind, service)["spec"]["template"]["spec"]["volumes"]
        assert {"name": "config", "configMap": {"name": name}} in volumes, service


def test_the_overlays_render_from_a_git_clone_of_the_last_commit(kubectl: Path, tmp_path: Path) -> None:
    """What a GitOps controller does: clone the commit and render; nothing run before."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{REPO}", str(clone)], check=True)
    for overlay in OVERLAYS:
        objs = render(kubectl, clone / "deploy" / "k8s" / "overlays" / overlay)
        assert set(config_map(objs)["data"]) >= CONTRACT_CONFIG_FILES, overlay
