"""The repository cites only what it holds: the embedded broker's defects are told in
docs/embedded-broker.md, not in the notes beside the repository that every session is given."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUTSIDE = b"broker-notes.md"


def test_no_file_cites_the_broker_notes_kept_outside_the_repository() -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    this = Path(__file__).resolve().relative_to(REPO).as_posix()
    files = [REPO / name for name in listed.decode().split("\0") if name and name != this]
    assert (REPO / "docs" / "embedded-broker.md") in files
    citing = [str(f.relative_to(REPO)) for f in files if f.is_file() and OUTSIDE in f.read_bytes()]
    assert not citing, f"cite docs/embedded-broker.md instead: {citing}"
