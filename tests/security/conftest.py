"""One platform for the hostile-input tests: its own broker, operator secrets set, keys for every role.

Its own broker because its services join the same consumer groups as the e2e stack's would;
on the shared broker the two stacks would split each other's partitions.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from citycomm_intake.domain.principals import Role
from tests.e2e.conftest import Receiver, serve_in_thread
from tests.support import api_keys
from tests.support.reporting_people import write_users

ROUTING_KEY = "rk_" + secrets.token_urlsafe(32)  # routing's operator key (its SHA-256 is configured)
OPERATOR_TOKEN = "op_" + secrets.token_urlsafe(32)  # notifications' and reporting's operator token
AGENCY, OTHER_AGENCY = "so-xay-dung", "so-y-te"
PRESS, OTHER_PRESS = "bao-tuoi-tre", "bao-thanh-nien"
SCOPED_TOKENS = {  # reporting's scoped bearer tokens
    "agency": "rt_agency_" + secrets.token_urlsafe(16),
    "other_agency": "rt_other_agency_" + secrets.token_urlsafe(16),
    "press_agency": "rt_press_" + secrets.token_urlsafe(16),
    "other_press": "rt_other_press_" + secrets.token_urlsafe(16),
}
SCOPES = {"agency": f"agency:{AGENCY}", "other_agency": f"agency:{OTHER_AGENCY}",
          "press_agency": f"press_agency:{PRESS}", "other_press": f"press_agency:{OTHER_PRESS}"}
# Intake keys: name -> (role, party)
KEY_HOLDERS = {
    "press_agency": (Role.PRESS_AGENCY, PRESS),
    "other_press": (Role.PRESS_AGENCY, OTHER_PRESS),
    "press_center": (Role.PRESS_CENTER, "trung-tam-bao-chi"),
    "agency": (Role.AGENCY, AGENCY),
    "other_agency": (Role.AGENCY, OTHER_AGENCY),
    "operator": (Role.OPERATOR, ""),
    "open311_client": (Role.OPEN311_CLIENT, "hcmc-app"),
    "other_open311": (Role.OPEN311_CLIENT, "other-app"),
    "revoked": (Role.OPERATOR, ""),
}


@dataclass
class Platform:
    config: StackConfig
    stack: Stack
    receiver: Receiver
    keys: dict[str, str] = field(default_factory=dict)  # intake API keys by holder
    inquiries: dict[str, dict[str, Any]] = field(default_factory=dict)  # by owner: ids and codes

    def url(self, service: str, path: str = "") -> str:
        p = self.config.ports
        port = {"intake": p.intake_http, "routing": p.routing_http, "notifications": p.notifications_http,
                "reporting": p.reporting_http}[service]
        return f"http://127.0.0.1:{port}{path}"

    def port(self, service: str) -> int:
        return int(self.url(service).rsplit(":", 1)[1])


def _env(receiver: Receiver, keys_url: str) -> dict[str, str]:
    return {
        "CITYCOMM_DEMO_INBOX_URL": receiver.url,
        "CITYCOMM_OPERATOR_API_KEY_SHA256": hashlib.sha256(ROUTING_KEY.encode()).hexdigest(),
        "CITYCOMM_OPERATOR_TOKEN": OPERATOR_TOKEN,
        "CITYCOMM_ACCESS_TOKENS": json.dumps(
            {hashlib.sha256(SCOPED_TOKENS[n].encode()).hexdigest(): s for n, s in SCOPES.items()}),
        "CITYCOMM_API_KEYS_DATABASE_URL": keys_url,
        "CITYCOMM_CITIZEN_RATE_PER_SECOND": "1000", "CITYCOMM_CITIZEN_RATE_BURST": "1000",
        "CITYCOMM_PRODUCE_TIMEOUT": "5",
    }


def _people(state: Path) -> dict[str, str]:
    """Reporting's pages: one person of each role (tests/support/reporting_people.py)."""
    return {"CITYCOMM_USERS_FILE": str(write_users(state)),
            "CITYCOMM_SESSION_SECRET": secrets.token_urlsafe(32)}


def _submit(platform: Platform, key: str | None, body: dict[str, Any]) -> dict[str, Any]:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    response = httpx.post(platform.url("intake", "/v1/inquiries"), json=body, headers=headers, timeout=30)
    assert response.status_code == 202, response.text
    return dict(response.json())


PRESS_REQUEST = {"kind": "press_request", "title": "Tiến độ dự án metro số 2",
                 "question": "Khi nào dự án metro số 2 khởi công?", "agency_id": AGENCY}
FEEDBACK = {"kind": "citizen_feedback", "category": "noise", "ward": "Phường Sài Gòn",
            "title": "Karaoke", "description": "Hát karaoke ồn ào sau 22 giờ"}


def _seed(platform: Platform) -> None:
    """One inquiry per owner: a press request of each press agency, one Open311 app's feedback."""
    keys = platform.keys
    platform.inquiries["press_agency"] = _submit(platform, keys["press_agency"], PRESS_REQUEST)
    other = {**PRESS_REQUEST, "agency_id": OTHER_AGENCY}
    platform.inquiries["other_press"] = _submit(platform, keys["other_press"], other)
    platform.inquiries["citizen"] = _submit(platform, None, FEEDBACK)

    def visible_to_operator() -> bool:
        for found in platform.inquiries.values():
            r = httpx.get(platform.url("intake", f"/v1/inquiries/{found['inquiry_id']}"),
                          headers={"Authorization": f"Bearer {keys['operator']}"}, timeout=10)
            if r.status_code != 200 or not r.json().get("agency_id"):
                return False
        return True

    wait_for(visible_to_operator, 60, "the seeded inquiries to be assigned and readable", interval=0.5)


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    state = tmp_path_factory.mktemp("security")
    broker = EmbeddedBroker(log_path=ARTIFACTS / "security-broker.log").start(partitions=3)
    receiver = Receiver(free_port())
    keys_url = f"sqlite+aiosqlite:///{state / 'intake-keys.db'}"
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(), extra_env={**_env(receiver, keys_url), **_people(state)})
    stack = Stack()
    try:
        with serve_in_thread(receiver.app(), receiver.port):
            keys = api_keys.issue(keys_url, KEY_HOLDERS, label="security")
            api_keys.revoke(keys_url, [keys["revoked"]])
            stack.start([s for s in processes(config) if s.name != "inbox"], run_name="security")
            running = Platform(config, stack, receiver, keys)
            _seed(running)
            yield running
    finally:
        stack.stop()
        broker.stop()


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One pooled client for the whole folder (a connection per request would double its time)."""
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        yield client
