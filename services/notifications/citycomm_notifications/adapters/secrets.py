"""Webhook signing secrets, named by reference (`env:NAME`, `file:NAME`), never stored in the directory
in clear; `sealed:TOKEN` is a secret the platform made, sealed under CITYCOMM_WEBHOOK_SECRETS_KEY
(citycomm_common.sealed_secrets, decision 0095).

`file:NAME` is a file directly in CITYCOMM_WEBHOOK_SECRETS_DIR and nowhere else: the name is no
path, and the file, its symbolic links followed (a mounted Secret's keys are links into its
`..data` directory), must still be inside the directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from citycomm_common.directory import parse_secret_ref
from citycomm_common.sealed_secrets import SealingUnavailable, unseal


class MissingSecret(LookupError):
    pass


class SecretStore:
    def __init__(self, secrets_dir: Path | None, sealing_keys: str = "") -> None:
        self._dir = secrets_dir.resolve() if secrets_dir is not None else None
        self._sealing_keys = sealing_keys

    def resolve(self, ref: str) -> str:
        try:
            scheme, name = parse_secret_ref(ref)
        except ValueError:
            raise MissingSecret(f"webhook secret {ref!r} is not a secret reference") from None
        if scheme == "env" and name in os.environ:
            return os.environ[name]
        if scheme == "file" and (path := self._inside(name)) is not None:
            return path.read_text().strip()
        if scheme == "sealed":
            try:
                return unseal(name, self._sealing_keys)
            except SealingUnavailable as exc:
                raise MissingSecret(f"webhook secret sealed:…{name[-8:]}: {exc}") from None
        raise MissingSecret(f"webhook secret {ref!r} is not available")

    def _inside(self, name: str) -> Path | None:
        if self._dir is None:
            return None
        path = (self._dir / name).resolve()
        return path if path.is_relative_to(self._dir) and path.is_file() else None
