"""Webhook signing secrets, named by reference (`env:NAME`, `file:NAME`), never stored in the directory.

`file:NAME` is a file directly in CITYCOMM_WEBHOOK_SECRETS_DIR and nowhere else: the name is no
path, and the file, its symbolic links followed (a mounted Secret's keys are links into its
`..data` directory), must still be inside the directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from citycomm_common.directory import parse_secret_ref


class MissingSecret(LookupError):
    pass


class SecretStore:
    def __init__(self, secrets_dir: Path | None) -> None:
        self._dir = secrets_dir.resolve() if secrets_dir is not None else None

    def resolve(self, ref: str) -> str:
        try:
            scheme, name = parse_secret_ref(ref)
        except ValueError:
            raise MissingSecret(f"webhook secret {ref!r} is not a secret reference") from None
        if scheme == "env" and name in os.environ:
            return os.environ[name]
        if scheme == "file" and (path := self._inside(name)) is not None:
            return path.read_text().strip()
        raise MissingSecret(f"webhook secret {ref!r} is not available")

    def _inside(self, name: str) -> Path | None:
        if self._dir is None:
            return None
        path = (self._dir / name).resolve()
        return path if path.is_relative_to(self._dir) and path.is_file() else None
