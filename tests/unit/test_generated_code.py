"""The committed protobuf code is what `make proto` generates from proto/ today."""

from __future__ import annotations

from pathlib import Path

from citycomm_dev.protogen import generate

GENERATED = Path(__file__).resolve().parents[2] / "common" / "src" / "citycomm"


def test_generated_code_is_not_stale(tmp_path: Path) -> None:
    generate(tmp_path)
    generated = tmp_path / "citycomm"
    fresh = {p.relative_to(generated): p.read_bytes() for p in generated.rglob("*.py*")}
    committed = {p.relative_to(GENERATED): p.read_bytes() for p in GENERATED.rglob("*.py*")
                 if "__pycache__" not in p.parts}
    stale = sorted(str(name) for name in fresh.keys() | committed.keys()
                   if fresh.get(name) != committed.get(name))
    assert not stale, f"run `make proto`: stale generated files {stale}"
