"""Verification by the official Standard Webhooks library for JavaScript (npm `standardwebhooks`,
pinned in tests/support/node/, installed by its install.sh), run with the machine's node."""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

NODE_DIR = Path(__file__).resolve().parent / "node"
REPO = NODE_DIR.parents[2]


@cache
def library_dir() -> Path:
    """Where install.sh put the library (installing it if it is not there yet)."""
    done = subprocess.run(["bash", str(NODE_DIR / "install.sh")], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"tests/support/node/install.sh failed:\n{done.stdout}{done.stderr}"
    return Path(os.environ.get("CITYCOMM_TOOLS_DIR", REPO / "var" / "tools")) / "standardwebhooks"


def verify(messages: list[tuple[str, str, dict[str, str]]]) -> list[dict[str, Any]]:
    """(secret, body, headers) each: what `new Webhook(secret).verify(body, headers)` said."""
    payload = [{"secret": s, "body": b, "headers": h} for s, b, h in messages]
    done = subprocess.run(["node", str(NODE_DIR / "verify.cjs")], input=json.dumps(payload), text=True,
                          capture_output=True, timeout=60, check=False,
                          env={**os.environ, "STANDARDWEBHOOKS_DIR": str(library_dir())})
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results
