"""PostgreSQL backed up to object storage, and a restore that validates: production's Cluster
archives WAL and takes nightly base backups; components/restore, added to production as the
runbook says, makes a Cluster CloudNativePG would accept and that reads the archive production
writes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml
from crd_schemas import BY_KIND
from rendering import REPO, Obj, named, of_kind, render

CITY = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving
STORE_KEYS = ("destinationPath", "endpointURL", "s3Credentials")


def cluster(objs: list[Obj]) -> Obj:
    spec: Obj = named(objs, "Cluster", "citycomm-db")["spec"]
    return spec


@pytest.fixture(scope="module")
def restored(kubectl: Path, clone: Path) -> list[Obj]:
    """production with components/restore added, exactly as docs/runbook.md tells an operator to."""
    overlays = clone / "deploy" / "k8s" / "overlays"
    shutil.copytree(overlays / "production", overlays / "production-restored", dirs_exist_ok=True)
    kustomization = overlays / "production-restored" / "kustomization.yaml"
    text = yaml.safe_load(kustomization.read_text())
    text["components"] = [*text.get("components", []), "../../components/restore"]
    kustomization.write_text(yaml.safe_dump(text))
    return render(kubectl, overlays / "production-restored")


def test_production_archives_wal_and_keeps_thirty_days(rendered: dict[str, list[Obj]]) -> None:
    backup = cluster(rendered["production"])["backup"]
    store = backup["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://")
    creds = store["s3Credentials"]
    assert {creds["accessKeyId"]["name"], creds["secretAccessKey"]["name"]} == {"citycomm-db-backup"}
    assert store["wal"]["compression"] and backup["retentionPolicy"] == "30d"
    assert "citycomm-db-backup" in (REPO / "docs" / "runbook.md").read_text(), "say how to create it"


def test_a_base_backup_every_night_at_two_in_the_city(rendered: dict[str, list[Obj]]) -> None:
    [scheduled] = of_kind(rendered["production"], "ScheduledBackup")
    spec = scheduled["spec"]
    assert spec["cluster"]["name"] == "citycomm-db" and spec["method"] == "barmanObjectStore"
    seconds, minute, hour, *every_day = spec["schedule"].split()
    assert every_day == ["*", "*", "*"]
    utc = datetime(2026, 12, 4, int(hour), int(minute), int(seconds), tzinfo=UTC)
    assert utc.astimezone(CITY).strftime("%H:%M") == "02:00"


def test_local_takes_no_backups(rendered: dict[str, list[Obj]]) -> None:
    assert "backup" not in cluster(rendered["local"])
    assert not of_kind(rendered["local"], "ScheduledBackup")


def test_production_spreads_instances_over_zones(rendered: dict[str, list[Obj]]) -> None:
    affinity = cluster(rendered["production"])["affinity"]
    assert affinity["enablePodAntiAffinity"] is True
    assert affinity["topologyKey"] == "topology.kubernetes.io/zone"


def test_the_restored_cluster_matches_the_crd_schema(restored: list[Obj]) -> None:
    obj = named(restored, "Cluster", "citycomm-db")
    schema = BY_KIND[(obj["apiVersion"], obj["kind"])]
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{e.message} at {list(e.path)}" for e in validator.iter_errors(obj)]
    assert not errors, errors


def test_the_restored_cluster_reads_the_archive_production_writes(
    restored: list[Obj], rendered: dict[str, list[Obj]]
) -> None:
    live, spec = cluster(rendered["production"]), cluster(restored)
    # CloudNativePG's webhook: one bootstrap method; the source an external cluster with a store.
    assert list(spec["bootstrap"]) == ["recovery"]
    sources = {c["name"]: c for c in spec["externalClusters"]}
    source = sources[spec["bootstrap"]["recovery"]["source"]]["barmanObjectStore"]
    written = live["backup"]["barmanObjectStore"]
    assert {k: source.get(k) for k in STORE_KEYS} == {k: written.get(k) for k in STORE_KEYS}
    # The live cluster archives under its own name unless it sets another.
    assert source["serverName"] == written.get("serverName", "citycomm-db")
    # ...and the restored one under a name of its own: never into the archive it reads.
    assert spec["backup"]["barmanObjectStore"]["serverName"] not in (source["serverName"], "citycomm-db")
    initdb = named(rendered["production"], "Cluster", "citycomm-db")["spec"]["bootstrap"]["initdb"]
    recovery = spec["bootstrap"]["recovery"]
    assert (recovery["database"], recovery["owner"]) == (initdb["database"], initdb["owner"])
    target = recovery.get("recoveryTarget", {}).get("targetTime")
    if target:
        assert datetime.fromisoformat(target).tzinfo is not None, "a moment, with its offset"


def test_the_restore_changes_only_the_cluster(restored: list[Obj], rendered: dict[str, list[Obj]]) -> None:
    def others(objs: list[Obj]) -> list[Obj]:
        rest = (o for o in objs if o["kind"] != "Cluster")
        return sorted(rest, key=lambda o: (o["kind"], o["metadata"]["name"]))
    assert others(restored) == others(rendered["production"])
