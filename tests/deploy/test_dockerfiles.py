"""Static checks of the service Dockerfiles and .dockerignore (no Docker engine here).

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
PORTS = {
    "intake": {"8080", "50051"},
    "routing": {"8081"},
    "notifications": {"8082"},
    "reporting": {"8083", "50052"},
}
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


def dockerfile(service: str) -> list[tuple[str, str]]:
    path = REPO / "services" / service / "Dockerfile"
    assert path.exists(), f"services/{service}/Dockerfile is missing"
    return instructions(path)


def test_base_image_is_a_pinned_slim_python_311(service: str) -> None:
    pairs = dockerfile(service)
    bases = [resolve_args(pairs, args.split()[0]) for kind, args in pairs if kind == "FROM"]
    assert len(bases) >= 2, "multi-stage: a build stage and a runtime stage"
    for base in bases:
        assert PINNED_BASE.match(base), f"{service}: base {base!r} is not a pinned 3.11 slim tag"


def test_it_installs_common_and_the_service_under_the_constraints(service: str) -> None:
    pairs = dockerfile(service)
    copies = [args for kind, args in pairs if kind == "COPY" and "--from" not in args]
    assert {"constraints.txt ./", "common/ common/", f"services/{service}/ services/{service}/"} <= set(
        copies
    )
    installs = [args for kind, args in pairs if kind == "RUN" and "pip install" in args]
    assert any(f"-c constraints.txt ./common ./services/{service}" in a for a in installs)
    for args in installs:
        extras = args.split(f"./services/{service}", 1)[-1].split()
        assert all("==" in extra for extra in extras), f"unpinned package in: {args}"


def test_the_runtime_stage_runs_as_a_numeric_non_root_user(service: str) -> None:
    pairs = dockerfile(service)
    runtime = pairs[max(i for i, (kind, _) in enumerate(pairs) if kind == "FROM") :]
    users = [args for kind, args in runtime if kind == "USER"]
    assert users, f"{service}: no USER in the runtime stage"
    uid = users[-1].split(":")[0]
    # Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
    assert uid.isdigit() and int(uid) != 0, f"{service}: USER {users[-1]}"
    assert not any("apt-get" in args or "pip " in args for kind, args in runtime if kind == "RUN"), (
        "build tools belong to the build stage"
    )


def test_it_starts_the_services_console_script(service: str) -> None:
    pairs = dockerfile(service)
    cmds = [args for kind, args in pairs if kind == "CMD"]
    assert cmds and json.loads(cmds[-1]) == [f"citycomm-{service}"]
    assert not any(kind == "ENTRYPOINT" for kind, _ in pairs)
    exposed = {p for kind, args in pairs if kind == "EXPOSE" for p in args.split()}
    assert exposed == PORTS[service]


def test_no_secret_is_baked_into_the_image(service: str) -> None:
    for kind, args in dockerfile(service):
        if kind in ("ENV", "ARG", "LABEL"):
            assert not SECRETISH.search(args), f"{service}: {kind} {args}"
        if kind in ("COPY", "ADD"):
            assert not re.search(r"\.(env|pem|key)\b|secrets?/", args), f"{service}: {kind} {args}"
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
