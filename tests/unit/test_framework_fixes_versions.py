"""The version guard: fixes to library internals run only on the exact versions they were tested on."""

from __future__ import annotations

from collections.abc import Callable

import faust
import pytest

from citycomm_common import framework_fixes
from citycomm_common.framework_fixes import versions
from citycomm_common.settings import CommonSettings

TESTED = dict(versions.TESTED)


def lookup(found: dict[str, str | None]) -> Callable[[str], str | None]:
    """The tested versions, but for those in `found`."""
    return lambda name: found.get(name, TESTED[name])


def test_the_tested_versions_pass() -> None:
    versions.require_tested(installed=lookup({}))


def test_the_installed_versions_are_the_tested_ones() -> None:
    versions.require_tested()  # the venv holds what constraints.txt pins


@pytest.mark.parametrize("changed", ["faust-streaming", "mode-streaming", "aiokafka"])
def test_any_other_version_refuses_to_start_naming_both(changed: str) -> None:
    with pytest.raises(RuntimeError) as refused:
        versions.require_tested(installed=lookup({changed: "99.0.0"}))
    assert f"installed {changed} 99.0.0" in str(refused.value)
    assert f"tested on {changed} {TESTED[changed]}" in str(refused.value)


def test_a_missing_distribution_is_named() -> None:
    with pytest.raises(RuntimeError, match="mode-streaming not installed"):
        versions.require_tested(installed=lookup({"mode-streaming": None}))


def test_a_process_without_faust_checks_aiokafka_only() -> None:
    versions.require_tested(versions.AIOKAFKA_ONLY, installed=lookup({"faust-streaming": None}))
    with pytest.raises(RuntimeError, match="aiokafka 0.15.0"):
        versions.require_tested(versions.AIOKAFKA_ONLY, installed=lookup({"aiokafka": "0.15.0"}))


def test_install_refuses_an_untested_faust_before_touching_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(versions, "installed_version", lookup({"faust-streaming": "0.16.0"}))
    app = faust.App("canary-versions", broker="kafka://127.0.0.1:1", store="memory://")
    resume = app.flow_control.resume
    with pytest.raises(RuntimeError, match="installed faust-streaming 0.16.0"):
        framework_fixes.install(app, CommonSettings())
    assert app.flow_control.resume == resume
