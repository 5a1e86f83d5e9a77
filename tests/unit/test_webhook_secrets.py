"""`file:` secret references: a file directly in the secrets directory, never any other path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from citycomm_common.directory import WebhookEndpoint
from citycomm_notifications.adapters.secrets import MissingSecret, SecretStore
from tests.conftest import REPO
from tests.security.test_ssrf import ENDPOINT_PATH, _client

ESCAPES = ["file:/proc/self/environ", "file:/etc/passwd", "file:../notifications.env", "file:..",
           "file:.", "file:..data/so-y-te", "file:sub/dir", "file:so-y-te/../../etc/passwd", "file:",
           "file:so y te", "file:./so-y-te", "file:\\etc\\passwd", "env:", "env:1BAD", "file:so-y-te\n"]


def mounted_secret(root: Path, keys: dict[str, str]) -> Path:
    """A directory as the kubelet mounts a Secret: each key a link into `..data`, itself a link."""
    mount = root / "webhook-secrets"
    version = mount / "..2026_11_26_03_00_00.123"
    version.mkdir(parents=True)
    for key, value in keys.items():
        (version / key).write_text(value + "\n")
        (mount / key).symlink_to(Path("..data") / key)
    (mount / "..data").symlink_to(version.name)
    return mount


@pytest.mark.parametrize("ref", ESCAPES)
def test_the_directory_refuses_a_reference_that_is_a_path(ref: str) -> None:
    with pytest.raises(ValidationError, match="NAME a file directly in CITYCOMM_WEBHOOK_SECRETS_DIR"):
        WebhookEndpoint(id="main", url="https://hooks.so-y-te.example.vn/", secret_refs=[ref])


@pytest.mark.parametrize("ref", ESCAPES)
def test_the_store_reads_no_path_even_if_the_directory_check_is_bypassed(tmp_path: Path, ref: str) -> None:
    store = SecretStore(mounted_secret(tmp_path, {"so-y-te": "whsec_mounted"}))
    with pytest.raises(MissingSecret):
        store.resolve(ref)


def test_routings_directory_api_refuses_a_path_with_the_rule() -> None:
    for routing in _client("production"):
        for ref in ("file:/proc/self/environ", "file:../x"):
            refused = routing.put(ENDPOINT_PATH, json={"id": "main", "url": "https://hooks.so-y-te.example.vn/",
                                                       "secret_refs": [ref]})
            assert refused.status_code == 422 and "CITYCOMM_WEBHOOK_SECRETS_DIR" in refused.text, refused.text


def test_a_mounted_secret_is_read_through_its_links(tmp_path: Path) -> None:
    store = SecretStore(mounted_secret(tmp_path, {"so-y-te-2026-12": "whsec_new", "so-y-te": "whsec_old"}))
    assert store.resolve("file:so-y-te-2026-12") == "whsec_new"
    assert store.resolve("file:so-y-te") == "whsec_old"


def test_a_link_out_of_the_directory_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not a webhook secret")
    mount = mounted_secret(tmp_path, {"so-y-te": "whsec_x"})
    (mount / "escape").symlink_to(outside)
    (mount / "environ").symlink_to("/proc/self/environ")
    for name in ("escape", "environ"):
        with pytest.raises(MissingSecret):
            SecretStore(mount).resolve(f"file:{name}")


def test_env_references_still_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SO_Y_TE_SECRET", "whsec_env")
    assert SecretStore(None).resolve("env:SO_Y_TE_SECRET") == "whsec_env"
    with pytest.raises(MissingSecret):
        SecretStore(None).resolve("file:so-y-te")


def test_the_runbooks_rotation_works_as_written(tmp_path: Path) -> None:
    """docs/runbook.md §5: the Secret's new key, then routing's rotate call with its body, as printed."""
    runbook = (REPO / "docs" / "runbook.md").read_text()
    section = runbook[runbook.index("## 5. Rotate a webhook secret"):runbook.index("## 6.")]
    key = re.search(r"--from-file=([\w.-]+)=<new-secret-file>", section)[1]  # type: ignore[index]
    body = json.loads(re.search(r"-d '(\{.*?\})'", section)[1])  # type: ignore[index]
    path = re.search(r"(/v1/directory/agencies/)<agency>(/endpoints/)<endpoint>(/rotate)", section)
    assert key and body["secret_ref"] == f"file:{key}" and path
    for routing in _client("production"):
        assert routing.put(ENDPOINT_PATH, json={"id": "main", "url": "https://hooks.so-y-te.example.vn/",
                                                "secret_refs": ["file:so-y-te"]}).status_code == 200
        rotated = routing.post(ENDPOINT_PATH + "/rotate", json=body)
        assert rotated.status_code == 200, rotated.text
    store = SecretStore(mounted_secret(tmp_path, {key: "whsec_rotated", "so-y-te": "whsec_old"}))
    assert store.resolve(body["secret_ref"]) == "whsec_rotated"
