"""Response links: `link` gives what `request.url_for` gives, behind a proxy's root path too, and
every link a response gives can be followed by its caller, with or without a key."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.requests import Request

from citycomm.v1 import commands_pb2, common_pb2, reporting_pb2
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.entrypoints.links import link
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.unit.test_intake_rest import ALERT, FEEDBACK, INFORMATION, PRESS, Rig, make_rig


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
    api = create_app(settings, intake_fakes.container(settings), serve_grpc=False)
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


def _decided(rig: Rig, agency: str) -> Any:
    """Routing and reporting did their part for the last command: assigned, and the outcome known."""
    command = rig.publisher.commands[-1]
    if isinstance(command, commands_pb2.SubmitInquiry):
        rig.reporting.project(command, command.target_agency_id or agency)
    rig.reporting.outcomes[command.command_id] = reporting_pb2.CommandOutcome(
        command_id=command.command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED,
        inquiry_id=command.inquiry_id,
    )
    return command


def _follow_every_link(rig: Rig, answer: Any, headers: dict[str, str]) -> dict[str, str]:
    links = {name: url for name, url in answer.json()["links"].items() if url}
    for name, url in links.items():
        followed = rig.client.get(url, headers=headers)
        assert followed.status_code == 200, (name, url, followed.status_code, followed.text)
    return links


@pytest.mark.parametrize(
    ("role", "party", "body"),
    [
        (None, "", FEEDBACK),
        (None, "", INFORMATION),
        (Role.PRESS_AGENCY, "bao-tuoi-tre", PRESS),
        (Role.PRESS_CENTER, "trung-tam-bao-chi", ALERT),
        (Role.OPEN311_CLIENT, "fixmystreet-hcm", FEEDBACK),
        (Role.AGENCY, "so-xay-dung", FEEDBACK),  # an official writing as a citizen
        (Role.OPERATOR, "", FEEDBACK),
    ],
)
def test_every_link_a_submission_gives_can_be_followed(
    role: Role | None, party: str, body: dict[str, Any]
) -> None:
    for rig in make_rig():
        headers = rig.key(role, party) if role else {}
        answer = rig.submit(body, headers=headers)
        assert answer.status_code == 202, answer.text
        _decided(rig, "ubnd-26740")
        links = _follow_every_link(rig, answer, headers)
        assert "status" in links  # the tracking link, for everyone
        if role is None:  # an anonymous citizen has nothing to read an outcome with
            assert "outcome" not in links
            form = {k: v for k, v in FEEDBACK.items() if k != "kind"}
            again = rig.client.post("/v1/feedback", json=form)
            _decided(rig, "ubnd-26740")
            assert _follow_every_link(rig, again, {}).keys() == {"status"}


def test_every_link_an_agency_action_gives_can_be_followed() -> None:
    for rig in make_rig():
        rig.submit(FEEDBACK)
        inquiry = _decided(rig, "ubnd-26740").inquiry_id
        headers = rig.key(Role.AGENCY, "ubnd-26740")
        answer = rig.client.post(
            f"/v1/inquiries/{inquiry}/acknowledge", json={"note": "đã nhận"}, headers=headers
        )
        assert answer.status_code == 202, answer.text
        _decided(rig, "ubnd-26740")
        assert _follow_every_link(rig, answer, headers).keys() == {"outcome"}
