"""The exact faust-streaming, mode-streaming and aiokafka versions our fixes were tested on.

Every fix in this package patches or reads internals that change without notice between
releases, so a process that uses them refuses to start on any other version. To upgrade: install
the new versions, run tests/unit/test_framework_fixes_*.py (the canaries say which fixes are still
needed and still fit), then change TESTED here and the pins in constraints.txt and the pyprojects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import metadata
from typing import Final

TESTED: Final[dict[str, str]] = {
    "faust-streaming": "0.15.3",
    "mode-streaming": "0.7.1",
    "aiokafka": "0.14.0",
}
STREAM_WORKER: Final = tuple(TESTED)  # a faust worker uses all three
AIOKAFKA_ONLY: Final = ("aiokafka",)  # a process that reads Kafka without faust


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def require_tested(distributions: Iterable[str] = STREAM_WORKER, *,
                   installed: Callable[[str], str | None] | None = None) -> None:
    """Raise RuntimeError unless each distribution is installed at exactly its tested version.

    `installed` looks a version up (None: not installed); by default importlib.metadata's.
    """
    lookup = installed or installed_version
    found = {name: lookup(name) for name in distributions}
    wrong = {name: version for name, version in found.items() if version != TESTED[name]}
    if wrong:
        have = ", ".join(f"{name} {version or 'not installed'}" for name, version in wrong.items())
        tested = ", ".join(f"{name} {TESTED[name]}" for name in wrong)
        raise RuntimeError(
            f"untested library versions: installed {have}; citycomm_common.framework_fixes was "
            f"tested on {tested} only. Run tests/unit/test_framework_fixes_*.py on the new versions, "
            "then update framework_fixes/versions.py and constraints.txt"
        )
