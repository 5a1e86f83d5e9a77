"""What the real services log at their HTTP edge: never a credential, whatever a caller sends, and the
connections they cut for sending no complete request head in time."""

from __future__ import annotations

import contextlib
import secrets
import socket
import time
from collections.abc import Iterator
from dataclasses import fields

import grpc
import httpx
import pytest

from citycomm.v1 import intake_pb2_grpc, reporting_pb2
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import keys_url
from tests.support import api_keys as keys_support

ROLES = {"press_agency": "bao-tuoi-tre", "press_center": "trung-tam-bao-chi", "agency": "so-xay-dung",
         "operator": "", "open311_client": "e2e-app"}


@pytest.fixture(scope="module")
def api_keys(stack_config: StackConfig) -> Iterator[dict[str, str]]:
    """One real key of each role, in the stack's key database."""
    keys = keys_support.issue(keys_url(stack_config), {role: (role, party) for role, party in ROLES.items()},
                              label="log-hygiene")
    yield keys
    keys_support.revoke(keys_url(stack_config), keys.values())


def secret_parts(credential: str) -> list[str]:
    """The credential and the part of it that is secret (after `cck_<id>_` or `whsec_`)."""
    if credential.startswith("cck_"):
        return [credential, credential.split("_", 2)[2]]
    return [credential, credential.removeprefix("whsec_")]


def stack_secrets(config: StackConfig) -> list[str]:
    """Every secret the stack was started with (operator token, webhook and service secrets)."""
    return [getattr(config, f.name) for f in fields(config)
            if f.name.endswith(("secret", "token")) and isinstance(getattr(config, f.name), str)]


def use_everywhere(config: StackConfig, keys: dict[str, str], wrong: list[str]) -> None:
    """Present every credential the ways callers do: query strings, bearer and X-API-Key headers,
    forms, cookies, gRPC metadata, at every service; right and wrong ones alike."""
    p, token = config.ports, config.operator_token
    intake, reporting = f"http://127.0.0.1:{p.intake_http}", f"http://127.0.0.1:{p.reporting_http}"
    with httpx.Client(timeout=15) as http:
        for key in [*keys.values(), *wrong]:
            http.get(f"{intake}/open311/v2/requests.json", params={"api_key": key})
            http.post(f"{intake}/open311/v2/requests.json?api_key={key}", data={"api_key": key})
            http.get(f"{intake}/v1/inquiries", headers={"Authorization": f"Bearer {key}"})
            http.get(f"{intake}/v1/inquiries", headers={"X-API-Key": key})
        for operator in (token, *wrong):
            bearer = {"Authorization": f"Bearer {operator}"}
            http.get(f"{reporting}/v1/aggregates", params={"period": "month", "by": "agency"}, headers=bearer)
            http.get(f"{reporting}/dashboard", params={"token": operator})
            http.post(f"{reporting}/dashboard/login", data={"token": operator})
            http.get(f"{reporting}/dashboard", cookies={"citycomm_reporting_token": operator})
            http.get(f"http://127.0.0.1:{p.notifications_http}/v1/operator/dead-letters",
                     params={"token": operator}, headers=bearer)
            http.get(f"http://127.0.0.1:{p.routing_http}/v1/directory/agencies/so-xay-dung/endpoints",
                     params={"access_token": operator}, headers=bearer)
    with grpc.insecure_channel(f"127.0.0.1:{p.intake_grpc}") as channel:
        stub = intake_pb2_grpc.IntakeServiceStub(channel)
        for key in (keys["press_center"], *wrong):
            with contextlib.suppress(grpc.RpcError):  # not found or refused: the log is what counts
                stub.GetInquiry(reporting_pb2.GetInquiryRequest(tracking_code="AAAA-BBBB-CCCC"),
                                metadata=(("authorization", f"Bearer {key}"),), timeout=15)


def test_no_log_line_of_any_service_holds_a_credential(
    stack: Stack, stack_config: StackConfig, api_keys: dict[str, str]
) -> None:
    wrong = [f"cck_{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}", secrets.token_urlsafe(24)]
    use_everywhere(stack_config, api_keys, wrong)
    # The access log lines of what was just sent must be there, masked: otherwise nothing was tested.
    expected = {"intake": "/open311/v2/requests.json?api_key=***", "reporting": "/dashboard?token=***",
                "notifications": "/v1/operator/dead-letters?token=***",
                "routing": "/endpoints?access_token=***"}
    wait_for(lambda: all(line in stack[name].logged() for name, line in expected.items()), 15,
             f"the access log lines {list(expected.values())} in the services' logs")
    written = {name: process.logged() for name, process in stack.processes.items()}
    credentials = [*api_keys.values(), *wrong, *stack_secrets(stack_config)]
    found = [(name, f"credential #{i}") for i, credential in enumerate(credentials)
             for part in secret_parts(credential) for name, text in written.items() if part in text]
    assert not found, f"credentials in this run's logs (test-artifacts/logs/e2e/): {found}"


def test_every_service_cuts_a_head_that_does_not_arrive_in_time_and_says_so(
    stack: Stack, stack_config: StackConfig
) -> None:
    p = stack_config.ports
    ports = {"intake": p.intake_http, "routing": p.routing_http, "notifications": p.notifications_http,
             "reporting": p.reporting_http}
    slow = {name: socket.create_connection(("127.0.0.1", port), timeout=30) for name, port in ports.items()}
    start = time.monotonic()
    for connection in slow.values():
        connection.sendall(b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and nothing more
    answers = {name: connection.recv(4096) for name, connection in slow.items()}  # until they close
    took = time.monotonic() - start
    for connection in slow.values():
        connection.close()
    assert all(answer.startswith(b"HTTP/1.1 408 ") for answer in answers.values()), answers
    assert took < 15  # CITYCOMM_HTTP_HEAD_TIMEOUT_SECONDS: 10 by default
    wait_for(lambda: all("no complete request head within 10 s" in stack[name].logged() for name in ports),
             10, "every service to log the connection it cut")
