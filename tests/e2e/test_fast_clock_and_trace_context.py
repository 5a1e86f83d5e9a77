"""A stack on its own broker with a fast, shifted clock and no span exporter: a 1-hour deadline's ladder
arrives at the receiver within seconds, and every record and webhook carries W3C trace context, one
trace per inquiry across the services."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook

from citycomm_common.topics import ALL_TOPICS, DEAD_LETTERS, TREND_EVENTS
from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes
from tests.e2e.conftest import Receiver, serve_in_thread
from tests.support.broker_records import records_on

START = "2026-11-03T11:34:00+07:00"  # a Tuesday, offices closed for lunch (the case)
SPEEDUP = 600  # an hour of the platform's clock in 6 s
STAGES = {"reminder_quarter": 0.25, "overdue": 1.0, "long_overdue": 2.0}  # of the allowed hour


@dataclass
class FastStack:
    config: StackConfig
    receiver: Receiver
    broker: EmbeddedBroker


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastStack]:
    assert not [name for name in os.environ if name.startswith("OTEL_")], "this stack exports nothing"
    broker = EmbeddedBroker(log_path=ARTIFACTS / "fast-clock-broker.log").start(partitions=3)
    receiver, state = Receiver(free_port()), tmp_path_factory.mktemp("fast-clock")
    env = {"CITYCOMM_DEMO_INBOX_URL": receiver.url,
           "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{state / 'keys.db'}",
           "CITYCOMM_CLOCK_SPEEDUP": str(SPEEDUP), "CITYCOMM_CLOCK_START": START}
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(), extra_env=env)
    try:
        with serve_in_thread(receiver.app(), receiver.port):
            services = [s for s in processes(config) if s.name != "inbox"]
            running = Stack().start(services, run_name="fast-clock")
            try:
                yield FastStack(config, receiver, broker)
            finally:
                running.stop()
    finally:
        broker.stop()


def webhooks_of(receiver: Receiver, inquiry_id: str) -> list[dict[str, Any]]:
    found = []
    for request in receiver.received():
        body = json.loads(request["body"])
        if body["data"].get("inquiry_id") == inquiry_id:
            found.append({**body, "headers": request["headers"], "raw": request["body"]})
    return found


def trace_id(traceparent: str) -> str:
    version, trace, span, flags = traceparent.split("-")
    assert (len(version), len(trace), len(span), len(flags)) == (2, 32, 16, 2), traceparent
    return trace


def press_center_key(config: StackConfig) -> str:
    done = subprocess.run([sys.executable, "-m", "citycomm_intake", "keys", "create", "--role",
                           "press_center", "--party", "trung-tam-bao-chi", "--label", "fast-clock"],
                          env={**os.environ, **config.extra_env}, capture_output=True, text=True, timeout=60,
                          check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def unclear(fast: FastStack) -> dict[str, Any]:
    """A media alert that no rule can place (no category, no agency): the coordinator, on the 1022
    rule's 1-hour deadline."""
    key = press_center_key(fast.config)
    submitted = time.monotonic()
    response = httpx.post(f"http://127.0.0.1:{fast.config.ports.intake_http}/v1/inquiries",
                          headers={"Idempotency-Key": str(uuid.uuid4()), "Authorization": f"Bearer {key}"},
                          json={"kind": "media_alert", "title": "Tin đồn chưa rõ nguồn",
                                "description": f"Một tin lan truyền ({uuid.uuid4()})",
                                "source_urls": ["https://example.com/tin-don"]}, timeout=10)
    assert response.status_code == 202, response.text
    inquiry_id = response.json()["inquiry_id"]
    wait_for(lambda: {w["data"].get("stage") for w in webhooks_of(fast.receiver, inquiry_id)} >= set(STAGES),
             60, "the reminder, overdue and escalation webhooks")
    return {"inquiry_id": inquiry_id, "seconds": time.monotonic() - submitted}


def test_a_one_hour_ladder_arrives_within_seconds_each_stage_on_its_side_of_the_due(
        fast: FastStack, unclear: dict[str, Any]) -> None:
    assert unclear["seconds"] < 30  # two hours of the platform's clock, at 600×
    webhooks = webhooks_of(fast.receiver, unclear["inquiry_id"])
    assert [w["type"] for w in webhooks].count("inquiry.assigned") == 1
    for name, fraction in STAGES.items():
        sent_to = [w for w in webhooks if w["data"].get("stage") == name]  # one per recipient agency
        assert sent_to, name
        for stage in sent_to:
            assert stage["data"]["policy_id"] == "feedback-1022-unclear-guidance"
            start, due = (datetime.fromisoformat(stage["data"][k]) for k in ("assigned_at", "due_at"))
            # One hour from the receipt at intake; the assignment came a few minutes of this clock later.
            assert timedelta(minutes=50) < due - start <= timedelta(hours=1)
            moment, sent = start + (due - start) * fraction, datetime.fromisoformat(stage["timestamp"])
            # At its moment, late by at most a few minutes of a clock 600 times faster than the
            # machine (a tick is 30 s of it; a loaded machine adds a little).
            assert moment <= sent < moment + timedelta(minutes=5), (name, moment, sent)
            assert (sent < due) == (fraction < 1)
            # Signed with the real time, not the platform's fast clock: receivers check timestamps.
            Webhook(fast.config.inbox_secret).verify(stage["raw"], stage["headers"])


def test_every_record_and_webhook_carries_trace_context_one_trace_per_inquiry(
        fast: FastStack, unclear: dict[str, Any]) -> None:
    report = httpx.post(f"http://127.0.0.1:{fast.config.ports.reporting_http}/v1/reports/weekly_briefing",
                        headers={"Authorization": f"Bearer {fast.config.operator_token}"}, timeout=30)
    assert report.status_code == 201, report.text
    topics = [spec.name for spec in ALL_TOPICS if spec != DEAD_LETTERS]  # no record is dead-lettered
    # Two inquiries raise no trend: trend.events is read, and its records checked, when it holds any.
    required = [t for t in topics if t != TREND_EVENTS.name]

    def all_topics() -> dict[str, list[Any]] | None:
        by_topic: dict[str, list[Any]] = {t: [] for t in topics}
        for record in records_on(fast.broker.bootstrap, topics, idle_ms=1000):
            by_topic[record.topic].append(record)
        return by_topic if all(by_topic[t] for t in required) else None

    by_topic = wait_for(all_topics, 30, "records on every topic")
    for topic, records in by_topic.items():
        missing = [r.offset for r in records if b"traceparent" not in {k.encode() for k, _ in r.headers}]
        assert not missing, f"{topic}: records without traceparent at offsets {missing}"

    inquiry = unclear["inquiry_id"].encode()
    traces = {trace_id(dict(r.headers)["traceparent"].decode())
              for topic in ("inquiry.commands", "inquiry.events", "notification.events")
              for r in by_topic[topic] if r.key == inquiry}
    assert len(traces) == 1, f"the inquiry's records are in {len(traces)} traces"
    webhooks = webhooks_of(fast.receiver, unclear["inquiry_id"])
    assert {trace_id(w["headers"]["traceparent"]) for w in webhooks} == traces
    assert all("traceparent" in r["headers"] for r in fast.receiver.received())
