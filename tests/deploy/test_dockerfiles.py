"""Static checks of the one service Dockerfile and .dockerignore (no Docker engine here).

A small reader of the Dockerfile instructions is enough for what we promise: a pinned
slim Python 3.11 base, a multi-stage build from the repo root with constraints.txt, a
non-root runtime user, the service's console script as CMD, and no secrets baked in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "notifications", "reporting")
PINNED_BASE = re.compile(r"^python:3\.11\.\d+-slim(-[a-z]+)?(@sha256:[0-9a-f]{64})?$")
SECRETISH = re.compile(r"(SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL|PRIVATE)", re.I)


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, line continuations joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def resolve_args(pairs: list[tuple[str, str]], value: str) -> str:
    defaults = dict(arg.split("=", 1) for kind, arg in pairs if kind == "ARG" and "=" in arg)
    return re.sub(r"\$\{(\w+)\}", lambda m: defaults.get(m.group(1), m.group(0)), value)


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> str:
    return request.param


DOCKERFILE = REPO / "deploy" / "docker" / "Dockerfile"


def dockerfile() -> list[tuple[str, str]]:
    assert DOCKERFILE.exists(), "deploy/docker/Dockerfile is missing"
    return instructions(DOCKERFILE)


def test_base_image_is_a_pinned_slim_python_311() -> None:
    pairs = dockerfile()
    bases = [resolve_args(pairs, args.split()[0]) for kind, args in pairs if kind == "FROM"]
    assert len(bases) >= 2, "multi-stage: a build stage and a runtime stage"
    for base in bases:
        assert PINNED_BASE.match(base), f"base {base!r} is not a pinned 3.11 slim tag"


def test_it_builds_any_one_service_and_refuses_a_missing_choice() -> None:
    runs = [args for kind, args in dockerfile() if kind == "RUN"]
    guard = next(a for a in runs if "$SERVICE" in a and "exit 1" in a)
    assert all(name in guard for name in SERVICES)


def test_it_installs_common_and_the_service_under_the_constraints() -> None:
    pairs = dockerfile()
    copies = [args for kind, args in pairs if kind == "COPY" and "--from" not in args]
    wanted = {"constraints.txt ./", "common/ common/", "services/${SERVICE}/ services/${SERVICE}/"}
    assert wanted <= set(copies)
    installs = [args for kind, args in pairs if kind == "RUN" and "pip install" in args]
    assert any("-c constraints.txt ./common ./services/${SERVICE}" in a for a in installs)


def test_the_runtime_stage_runs_as_a_numeric_non_root_user() -> None:
    pairs = dockerfile()
    runtime = pairs[max(i for i, (kind, _) in enumerate(pairs) if kind == "FROM") :]
    users = [args for kind, args in runtime if kind == "USER"]
    assert users, "no USER in the runtime stage"
    uid = users[-1].split(":")[0]
    # Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
    assert uid.isdigit() and int(uid) != 0, f"USER {users[-1]}"
    assert not any("apt-get" in args or "pip " in args for kind, args in runtime if kind == "RUN"), (
        "build tools belong to the build stage"
    )


def test_it_starts_the_chosen_services_console_script(service: str) -> None:
    pairs = dockerfile()
    cmds = [args for kind, args in pairs if kind == "CMD"]
    assert cmds and json.loads(cmds[-1]) == ["citycomm-service"]
    assert any("citycomm-${SERVICE} /opt/venv/bin/citycomm-service" in args for kind, args in pairs)
    assert not any(kind == "ENTRYPOINT" for kind, _ in pairs)
    pyproject = (REPO / "services" / service / "pyproject.toml").read_text()
    assert f'citycomm-{service} = "citycomm_{service}.__main__:main"' in pyproject


def test_no_secret_is_baked_into_the_image() -> None:
    for kind, args in dockerfile():
        if kind in ("ENV", "ARG", "LABEL"):
            assert not SECRETISH.search(args), f"{kind} {args}"
        if kind in ("COPY", "ADD"):
            assert not re.search(r"\.(env|pem|key)\b|secrets?/", args), f"{kind} {args}"
        assert kind != "ADD", "COPY only: ADD fetches URLs and unpacks archives implicitly"


def test_dockerignore_keeps_the_context_to_what_images_need() -> None:
    lines = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*", "deny by default, then let in what the Dockerfiles copy"
    assert {"!constraints.txt", "!common/", "!services/"} <= set(lines)
    assert {"**/.env", "**/*.pem", "**/*.key", "**/var/"} <= set(lines)
