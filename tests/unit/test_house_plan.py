"""The one house plan (docs/decisions/0062): four services laid out alike, layers that import only
what they may, no test doubles in production code, and the README's map pointing at real files."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "notifications", "reporting")
SKELETON = ("domain", "service_layer", "adapters", "entrypoints", "bootstrap.py", "app.py",
            "settings.py", "__main__.py")
# What the pure domain may not touch: frameworks, I/O clients, the other layers.
NOT_IN_DOMAIN = ("faust", "mode", "aiokafka", "kafka", "httpx", "sqlalchemy", "fastapi", "grpc",
                 "uvicorn", "starlette")


def package(service: str) -> Path:
    return ROOT / "services" / service / f"citycomm_{service}"


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_the_same_skeleton(service: str) -> None:
    present = {p.name for p in package(service).iterdir()}
    assert set(SKELETON) <= present, f"{service} lacks {sorted(set(SKELETON) - present)}"


@pytest.mark.parametrize("service", SERVICES)
def test_bootstrap_builds_one_frozen_container_from_settings(service: str) -> None:
    bootstrap = importlib.import_module(f"citycomm_{service}.bootstrap")
    container = bootstrap.Container
    assert dataclasses.is_dataclass(container) and container.__dataclass_params__.frozen
    parameters = list(inspect.signature(bootstrap.build).parameters.values())
    assert parameters[0].name == "settings"
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[1:]), "overrides are keyword-only"


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_is_pure(service: str) -> None:
    own = f"citycomm_{service}"
    for path in modules(package(service) / "domain"):
        for name in imports(path):
            top = name.split(".")[0]
            assert top not in NOT_IN_DOMAIN, f"{path.relative_to(ROOT)} imports {name}"
            assert not name.startswith((f"{own}.adapters", f"{own}.service_layer",
                                        f"{own}.entrypoints", f"{own}.app")), \
                f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoints_go_through_the_service_layer(service: str) -> None:
    for path in modules(package(service) / "entrypoints"):
        reached = [n for n in imports(path) if n.startswith(f"citycomm_{service}.adapters")]
        assert not reached, f"{path.relative_to(ROOT)} reaches past the service layer: {reached}"


def test_no_production_code_imports_test_code() -> None:
    production = [*modules(ROOT / "common" / "src"), *modules(ROOT / "devtools"),
                  *(p for s in SERVICES for p in modules(package(s)))]
    offenders = [str(p.relative_to(ROOT)) for p in production
                 if any(n == "tests" or n.startswith("tests.") for n in imports(p))]
    assert offenders == []


def test_no_fake_is_defined_in_production_code() -> None:
    pattern = re.compile(r"^class (Fake|Memory|Local(?!ized))\w*", re.MULTILINE)
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}"
                 for s in SERVICES for p in modules(package(s))
                 for m in pattern.finditer(p.read_text())]
    assert offenders == []


def readme_path(name: str, package_root: Path | None, folder: Path | None) -> Path:
    """A path as the README's map writes it: `routing/…/x`, `common/…/x`, a repository path, a
    path in the package named before it, or a bare file name in the folder named before it."""
    if "…/" in name:
        head, rest = name.split("/…/", 1)
        base = ROOT / "common" / "src" / "citycomm_common" if head == "common" else package(head)
        return base / rest
    if name.split("/")[0] in {p.name for p in ROOT.iterdir()}:
        return ROOT / name
    anchor = package_root if "/" in name else folder
    assert anchor is not None, f"{name} names no folder before it"
    return anchor / name


def test_every_path_the_readmes_map_names_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("### Where is what", 1)[1]
    rows = [line.split("|")[2] for line in table.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) >= 10
    checked = 0
    for cell in rows:
        folder: Path | None = None
        package_root: Path | None = None
        for name in re.findall(r"`([^`]+)`", cell):
            if "<" in name:
                name = name.split("<", 1)[0] or "tests/support/"
            if "/" not in name and not name.endswith((".py", ".yaml", ".proto")):
                continue  # a name, not a path (a table, a message type)
            path = readme_path(name, package_root, folder)
            assert path.exists(), f"README names {name}: {path} does not exist"
            if "…/" in name:
                package_root = Path(str(path)[: -len(name.split("/…/", 1)[1])])
            folder = path if path.is_dir() else path.parent
            checked += 1
    assert checked >= 25
