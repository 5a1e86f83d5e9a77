"""Intake checks agency references against the live directory, and only once it has read it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient

from citycomm_common.clock import FakeClock
from citycomm_common.directory import Agency, Directory
from citycomm_common.directory_feed import DirectoryNotLoaded, Listener, with_agencies
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, MemoryKeys
from tests.support.notifications_fakes import directory
from tests.unit.test_intake_rest import NOW, PRESS

ADDED = Agency(id="so-moi", name="Sở Mới Thành phố Hồ Chí Minh", short_name="Sở Mới",
               kind="department", valid_from=date(2025, 7, 1))  # type: ignore[arg-type]


@dataclass
class LiveDirectory:
    """directory.agencies as intake's view would read it; the test says when it has caught up."""

    current: Directory
    loaded: bool = False

    def is_loaded(self) -> bool:
        return self.loaded

    def live(self) -> Directory:
        if not self.loaded:
            raise DirectoryNotLoaded("not read yet")
        return self.current

    def on_change(self, listener: Listener) -> None:
        pass


@dataclass
class Door:
    client: TestClient
    publisher: FakePublisher
    press: dict[str, str]

    def press_request(self, agency_id: str, key: str) -> httpx.Response:
        return self.client.post("/v1/inquiries", json={**PRESS, "agency_id": agency_id},
                                headers={"Idempotency-Key": key, **self.press})


@pytest.fixture
def live() -> LiveDirectory:
    return LiveDirectory(with_agencies(directory(), [ADDED]))


@pytest.fixture
def door(live: LiveDirectory) -> Iterator[Door]:
    settings = IntakeSettings()
    publisher, keys = FakePublisher(), MemoryKeys()
    container = intake_fakes.container(settings, publisher=publisher, keys=keys,
                                       clock=FakeClock(NOW), directory=live)
    with TestClient(create_app(settings, container, serve_grpc=False)) as client:
        press = {"Authorization": f"Bearer {keys.issue(Role.PRESS_AGENCY, 'bao-tuoi-tre')}"}
        yield Door(client, publisher, press)


def test_an_agency_an_operator_added_is_accepted_and_an_unknown_one_refused(
        door: Door, live: LiveDirectory) -> None:
    live.loaded = True
    accepted = door.press_request("so-moi", "k-added")
    assert accepted.status_code == 202, accepted.text
    refused = door.press_request("so-khong-co", "k-unknown")
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["agency_id"]


def test_before_the_directory_is_read_an_agency_reference_is_answered_503_and_intake_is_not_ready(
        door: Door, live: LiveDirectory) -> None:
    waiting = door.press_request("so-xay-dung", "k-early")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "5"
    assert door.publisher.commands == []
    ready = door.client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["directory_loaded"] is False
    citizen = door.client.post("/v1/feedback", headers={"Idempotency-Key": "k-citizen"}, json={
        "category": "noise", "ward": "26740", "title": "Karaoke", "description": "Ồn sau 22 giờ"})
    assert citizen.status_code == 202  # nothing in it depends on the directory
    live.loaded = True
    assert door.press_request("so-xay-dung", "k-early").status_code == 202
    assert door.client.get("/readyz").json()["checks"]["directory_loaded"] is True
