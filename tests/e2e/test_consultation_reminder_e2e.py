"""The drafting agency reminded and escalated until it publishes its response, end to end (issue 20,
decision 0114) on a stack of its own: its own broker, a clock 60 times faster than the machine's
starting on a Tuesday morning, and a copy of config/ whose response is due 20 minutes after the
close (`response.due_after_close`), so the ladder's office time runs in seconds.

Two consultations close at the same moment. The one that never answers gets the reminder, the
overdue notice and the escalation; the one that publishes its response after the reminder gets the
reminder and nothing after it."""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.conftest import CONFIG_DIR
from tests.e2e.conftest import Receiver, serve_in_thread
from tests.e2e.test_consultations_e2e import CITY, draft
from tests.support import api_keys

START = datetime(2026, 11, 3, 7, 30, tzinfo=CITY)  # a Tuesday, as the offices open (until 11:30)
SPEEDUP = 60  # a platform minute each real second
DUE_AFTER_CLOSE = 20  # minutes of office time: reminder at 10, overdue at 20, escalation at 40


@dataclass
class ReminderStack:
    config: StackConfig
    receiver: Receiver
    key: str  # the drafting agency's

    def now(self) -> datetime:
        """The platform's time (every service reads the same: citycomm_common.clock.ScaledClock)."""
        elapsed = datetime.now(CITY) - datetime.fromisoformat(self.config.clock_origin)
        return (START + elapsed * SPEEDUP).astimezone(CITY)

    def send(self, path: str, body: dict[str, Any]) -> httpx.Response:
        headers = {"Idempotency-Key": str(uuid.uuid4()), "Prefer": "wait=20",
                   "Authorization": f"Bearer {self.key}"}
        return httpx.post(f"http://127.0.0.1:{self.config.ports.intake_http}/v1/consultations{path}",
                          json=body, timeout=30, headers=headers)


def short_response_config(into: Path) -> Path:
    """config/ as it is, but every policy's response due DUE_AFTER_CLOSE minutes after the close."""
    shutil.copytree(CONFIG_DIR, into)
    path = into / "consultation-policies.yaml"
    book = yaml.safe_load(path.read_text(encoding="utf-8"))
    for policy in book["policies"]:
        policy["response"]["due_after_close"] = {"amount": DUE_AFTER_CLOSE, "unit": "minutes"}
    path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return into


@pytest.fixture(scope="module")
def reminders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReminderStack]:
    broker = EmbeddedBroker(log_path=ARTIFACTS / "consultation-reminder-broker.log").start(partitions=3)
    receiver, state = Receiver(free_port()), tmp_path_factory.mktemp("consultation-reminder")
    keys = f"sqlite+aiosqlite:///{state / 'keys.db'}"
    env = {"CITYCOMM_DEMO_INBOX_URL": receiver.url, "CITYCOMM_API_KEYS_DATABASE_URL": keys,
           "CITYCOMM_CONFIG_DIR": str(short_response_config(state / "config")),
           "CITYCOMM_CLOCK_SPEEDUP": str(SPEEDUP), "CITYCOMM_CLOCK_START": START.isoformat()}
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(), extra_env=env)
    try:
        with serve_in_thread(receiver.app(), receiver.port):
            running = Stack().start([s for s in processes(config) if s.name != "inbox"],
                                    run_name="consultation-reminder")
            try:
                key = api_keys.issue(keys, {"builders": ("agency", "so-xay-dung")}, label="e2e-reminder")
                yield ReminderStack(config, receiver, key["builders"])
            finally:
                running.stop()
    finally:
        broker.stop()


def stages(receiver: Receiver, consultation_id: str) -> list[tuple[str, datetime, int]]:
    """(stage, when the platform sent it, the order it arrived in) of each ladder webhook about it."""
    found = []
    for order, request in enumerate(receiver.received()):
        body = json.loads(request["body"])
        if body["data"].get("inquiry_id") == consultation_id and body["data"].get("stage"):
            found.append((body["data"]["stage"], datetime.fromisoformat(body["timestamp"]), order))
    return found


def test_reminded_and_escalated_until_the_response_and_nothing_after_it(reminders: ReminderStack) -> None:
    now = reminders.now()
    # The stack took under 3 real minutes to start, so the ladder (about 45 minutes of this clock
    # from here) runs within the morning session, where office time is clock time.
    assert START < now < START.replace(hour=10, minute=30), now
    # Whole seconds, as a client sends it: the webhooks' timestamps are to the second, so a stage sent
    # in the very second of its moment must not read as early against a moment with microseconds.
    closes = (now + timedelta(minutes=3)).replace(microsecond=0)  # opened 40 days ago: the period is over
    answering = reminders.send("", draft(now - timedelta(days=40), closes))
    silent = reminders.send("", draft(now - timedelta(days=40), closes))
    assert (answering.status_code, silent.status_code) == (200, 200), (answering.text, silent.text)
    answering_id, silent_id = answering.json()["consultation_id"], silent.json()["consultation_id"]

    wait_for(lambda: "reminder_half" in {s for s, _, _ in stages(reminders.receiver, answering_id)}, 60,
             "the reminder to the drafting agency")
    published = reminders.send(f"/{answering_id}/response",
                               {"response_url": "https://example.org/tiep-thu-giai-trinh.pdf"})
    assert published.status_code == 200, published.text
    answered_at = reminders.now()
    arrived_before = len(reminders.receiver.received())

    wait_for(lambda: {"reminder_half", "overdue", "long_overdue"}
             <= {s for s, _, _ in stages(reminders.receiver, silent_id)}, 90,
             "the silent agency's reminder, overdue notice and escalation")
    silent_stages = {s: at for s, at, _ in stages(reminders.receiver, silent_id)}
    allowed = timedelta(minutes=DUE_AFTER_CLOSE)
    for stage, fraction in (("reminder_half", 0.5), ("overdue", 1.0), ("long_overdue", 2.0)):
        moment = closes + allowed * fraction  # all in office hours: working time is clock time
        # at its moment, late by at most a few ticks (30 s of this clock each) on a loaded machine
        assert moment <= silent_stages[stage] < moment + timedelta(minutes=5), (stage, silent_stages)
    assert answered_at < closes + allowed  # the response came before it was overdue
    time.sleep(2)  # webhooks queued in the same tick as the escalation have arrived by now
    answering_stages = stages(reminders.receiver, answering_id)
    assert "reminder_half" in {s for s, _, _ in answering_stages}
    assert [s for s, _, order in answering_stages if order >= arrived_before] == [], answering_stages
    assert all(at <= answered_at for _, at, _ in answering_stages), answering_stages
    types = {json.loads(r["body"])["type"] for r in reminders.receiver.received()
             if json.loads(r["body"])["data"].get("consultation_id") == answering_id}
    assert "consultation.response_published" in types
