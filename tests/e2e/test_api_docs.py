"""Every service serves its API docs from itself: /docs and /redoc name only their own assets."""

from __future__ import annotations

import re

import httpx
import pytest

from citycomm_common.api_docs import DOCS_ASSETS
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig


@pytest.mark.parametrize("service", ["intake", "routing", "notifications", "reporting"])
def test_docs_pages_load_nothing_from_outside(stack: Stack, stack_config: StackConfig, service: str) -> None:
    base = f"http://127.0.0.1:{getattr(stack_config.ports, f'{service}_http')}"
    for page in ("/docs", "/redoc"):
        html = httpx.get(base + page, timeout=10).text
        sources = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
        scripts = [s for s in sources if s.endswith((".js", ".css"))]
        assert scripts and all(s.startswith(DOCS_ASSETS) for s in scripts), (page, sources)
        for asset in scripts:
            answer = httpx.get(base + asset, timeout=10)
            assert answer.status_code == 200 and len(answer.content) > 10_000, asset
    assert httpx.get(base + "/openapi.json", timeout=10).json()["paths"]
