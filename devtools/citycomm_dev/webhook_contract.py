"""Write the webhook contract (contracts/webhooks/) from the proto, or check the committed one.

    python -m citycomm_dev.webhook_contract           # write; refuses a change that breaks receivers
    python -m citycomm_dev.webhook_contract --check   # exit 1 if the committed contract is not current
    python -m citycomm_dev.webhook_contract --allow-breaking   # write anyway (a new major version)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from citycomm_notifications.domain.compatibility import breaking_changes
from citycomm_notifications.domain.contract import schemas
from citycomm_notifications.entrypoints.contract import contract_files

REPO = Path(__file__).resolve().parents[2]
CONTRACT_DIR = REPO / "contracts" / "webhooks"


def generated() -> dict[str, str]:
    files: dict[str, str] = contract_files()
    return files


def committed(directory: Path = CONTRACT_DIR) -> dict[str, str]:
    """The generated files as committed (examples/ are captured from a run: webhook_examples)."""
    paths = [directory / "asyncapi.yaml", *sorted((directory / "schemas").glob("*"))]
    return {str(p.relative_to(directory)): p.read_text(encoding="utf-8") for p in paths if p.is_file()}


def committed_schemas(directory: Path = CONTRACT_DIR) -> dict[str, dict[str, Any]]:
    return {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((directory / "schemas").glob("*.json"))}


def main(argv: list[str]) -> int:
    breaks = breaking_changes(committed_schemas(), schemas()) if CONTRACT_DIR.exists() else []
    if "--check" in argv:
        stale = sorted(set(generated().items()) ^ set(committed().items()))
        for line in breaks:
            sys.stderr.write(f"breaking: {line}\n")
        for path in sorted({p for p, _ in stale}):
            sys.stderr.write(f"stale: contracts/webhooks/{path}: run python -m citycomm_dev.webhook_contract"
                             "\n")
        return 1 if breaks or stale else 0
    if breaks and "--allow-breaking" not in argv:
        sys.stderr.write("".join(f"breaking: {line}\n" for line in breaks))
        sys.stderr.write("refused: receivers rely on the committed contract; see docs/webhooks.md\n")
        return 1
    for path in set(committed()) - set(generated()):
        (CONTRACT_DIR / path).unlink()
    for path, text in generated().items():
        (CONTRACT_DIR / path).parent.mkdir(parents=True, exist_ok=True)
        (CONTRACT_DIR / path).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
