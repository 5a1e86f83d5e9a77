"""`make test` keeps the code as `make lint` and `make typecheck` want it: mypy --strict on every
package (pyproject's [tool.mypy]) and ruff on the whole repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_mypy_strict_passes_on_every_package(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "mypy"), "--cache-dir", str(tmp_path), "common/src/citycomm_common", "services",
         "devtools"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-5000:]


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-5000:]
