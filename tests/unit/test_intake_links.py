"""Response links: `link` gives what `request.url_for` gives, behind a proxy's root path too."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from citycomm_intake import bootstrap
from citycomm_intake.adapters.fakes import FakePublisher, FakeReporting, MemoryKeys
from citycomm_intake.entrypoints.http import create_api
from citycomm_intake.entrypoints.links import link
from citycomm_intake.settings import IntakeSettings


@pytest.mark.parametrize(
    ("scheme", "host", "root_path"),
    [
        ("http", b"127.0.0.1:8080", ""),
        ("https", b"city.example", "/intake"),
        ("https", b"city.example", "/a/"),
    ],
)
def test_links_are_what_url_for_gives(scheme: str, host: bytes, root_path: str) -> None:
    settings = IntakeSettings()
    services = bootstrap.build(
        settings, publisher=FakePublisher(), reporting=FakeReporting(), keys=MemoryKeys()
    )
    api = create_api(settings, services, serve_grpc=False)
    scope = {
        "type": "http",
        "method": "POST",
        "scheme": scheme,
        "server": ("10.0.0.1", 8080),
        "path": "/v1/inquiries",
        "root_path": root_path,
        "query_string": b"",
        "headers": [(b"host", host)],
        "app": api,
        "router": api.router,
    }
    for name, param, value in [("track", "code", "ABCD-EFGH-JKMN"), ("command_outcome", "command_id", "c-1")]:
        for _ in range(2):  # the second time from the remembered path
            expected = str(Request(scope).url_for(name, **{param: value}))
            assert link(Request(scope), name, param, value) == expected
