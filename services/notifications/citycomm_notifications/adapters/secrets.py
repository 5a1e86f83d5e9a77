"""Webhook signing secrets, named by reference (`env:NAME`, `file:NAME`), never stored in the directory."""

from __future__ import annotations

import os
from pathlib import Path


class MissingSecret(LookupError):
    pass


class SecretStore:
    def __init__(self, secrets_dir: Path | None) -> None:
        self._dir = secrets_dir

    def resolve(self, ref: str) -> str:
        scheme, _, name = ref.partition(":")
        if scheme == "env" and name in os.environ:
            return os.environ[name]
        if scheme == "file" and self._dir is not None and (self._dir / name).is_file():
            return (self._dir / name).read_text().strip()
        raise MissingSecret(f"webhook secret {ref!r} is not available")
