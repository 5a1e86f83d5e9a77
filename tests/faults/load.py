"""Client load for fault tests: submissions at a steady rate, retried with the same key until accepted;
and what the agencies got of it: every webhook lost, duplicated or misdelivered is counted."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS, NOTIFICATION_EVENTS
from citycomm_dev.polling import wait_for
from tests.faults.conftest import WARD, Platform
from tests.support.broker_records import records_on

GIVE_UP_AFTER = 120.0


@dataclass
class Load:
    """What a well-behaved client does: retry on errors and 503 with the same Idempotency-Key."""

    platform: Platform
    rate: float
    accepted: dict[str, str] = field(default_factory=dict)  # inquiry id → tracking code
    # (sent, answered, status; 0 = no answer), monotonic times of the request's start and end
    answers: list[tuple[float, float, int]] = field(default_factory=list)
    lost_submissions: int = 0
    # Idempotency-Key → (status, the inquiry id its body named) of each attempt: for a failure's report
    tried: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    still_running: bool = False  # set by stop() if a submission outlived the wait for it
    errors: dict[str, int] = field(default_factory=dict)  # failed attempts without an answer, by error
    crashed: list[str] = field(default_factory=list)  # submissions whose thread raised (a harness bug)
    _submissions: list[Future[None]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def start(self) -> Load:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(GIVE_UP_AFTER + 30)
        self.still_running = self._thread.is_alive()
        self.crashed = [repr(f.exception()) for f in self._submissions if f.done() and f.exception()]

    def _run(self) -> None:
        with ThreadPoolExecutor(max_workers=16) as pool, httpx.Client(timeout=10) as client:
            started, sent = time.monotonic(), 0
            while not self._stop.is_set():
                self._submissions.append(pool.submit(self._submit, client, uuid.uuid4().hex))
                sent += 1
                self._stop.wait(max(0.0, started + sent / self.rate - time.monotonic()))

    def _submit(self, client: httpx.Client, key: str) -> None:
        body = {"category": "noise", "ward": WARD, "title": "fault test", "description": key}
        give_up = time.monotonic() + GIVE_UP_AFTER
        while time.monotonic() < give_up:
            sent = time.monotonic()
            named = ""
            try:
                response = client.post(self.platform.url("intake", "/v1/feedback"), json=body,
                                       headers={"Idempotency-Key": key})
                status, named = response.status_code, _named_inquiry(response)
                receipt = response.json() if status == 202 else None
            except Exception as exc:  # noqa: BLE001 - any failure is a failed attempt, retried as a client does
                status, receipt = 0, None
                with self._lock:
                    self.errors[type(exc).__name__] = self.errors.get(type(exc).__name__, 0) + 1
            with self._lock:
                self.answers.append((sent, time.monotonic(), status))
                self.tried.setdefault(key, []).append((status, named))
                if receipt is not None:
                    self.accepted[receipt["inquiry_id"]] = receipt["tracking_code"]
                    return
            time.sleep(0.5)  # the client's back-off before its retry
        with self._lock:
            self.lost_submissions += 1


def _named_inquiry(response: httpx.Response) -> str:
    try:
        return str(response.json().get("inquiry_id", ""))
    except ValueError:
        return ""


def assigned_deliveries(platform: Platform) -> dict[str, set[str]]:
    """inquiry id → the distinct webhook-ids of its inquiry.assigned webhooks its agencies got, at
    their own receivers (one that reached another receiver is misdelivered, and lost to its agency)."""
    found: dict[str, set[str]] = defaultdict(set)
    for receiver in platform.receivers:
        for request in receiver.received():
            message = json.loads(request["body"])
            agency = addressee(message)
            if message["type"] == "inquiry.assigned" and (
                    agency is None or platform.receiver_of(agency) is receiver):
                found[message["data"]["inquiry_id"]].add(request["headers"]["webhook-id"])
    return found


AGENCY_ROLES = {"contact_point", "spokesperson", "head"}  # ladder roles played by the agency itself
ADDRESSED_TO_AGENCY_ID = {"inquiry.assigned", "inquiry.deadline_extended", "inquiry.reopened",
                          "command.rejected", "digest.daily"}


def addressee(message: dict[str, Any]) -> str | None:
    """The agency a webhook is for, where its body says so (docs/webhooks.md): `data.agency_id` for
    these types (a co-handling copy of inquiry.assigned goes to one of `co_handling_agency_ids`, so
    it is not told), and for ladder stages that only the agency's own roles receive; None otherwise
    (supervisors', the coordinator's and subscribers' messages do not name their recipient)."""
    data = message.get("data", {})
    kind = message.get("type", "")
    if kind in ADDRESSED_TO_AGENCY_ID and not data.get("co_handling"):
        return str(data.get("agency_id") or "") or None
    if "roles" in data and set(data["roles"]) <= AGENCY_ROLES:
        return str(data.get("agency_id") or "") or None
    return None


def misdelivered(platform: Platform) -> list[str]:
    """Every webhook (2xx or not) that reached a receiver other than the one of the agency it is for."""
    wrong = []
    for receiver in platform.receivers:
        with receiver.lock:
            requests = list(receiver.requests)
        for request in requests:
            message = json.loads(request["body"])
            agency = addressee(message)
            if agency is not None and platform.receiver_of(agency) is not receiver:
                wrong.append(f"{message['type']} for {agency} ({request['headers']['webhook-id']}) "
                             f"at {receiver.url}")
    return wrong


def assert_nothing_lost_duplicated_or_misdelivered(platform: Platform, load: Load,
                                                   within: float = 180) -> None:
    """Every accepted inquiry: assigned, delivered under one webhook-id to its agency's receiver and
    to no other, in reporting exactly once."""
    assert load.accepted, "the load produced no accepted inquiry"
    assert load.lost_submissions == 0, f"{load.lost_submissions} submissions never got a 2xx"
    assert not load.crashed and not load.still_running, (load.crashed, load.still_running)
    wanted = set(load.accepted)
    try:  # a misdelivery fails the run at once: its webhook would be waited for in vain
        wait_for(lambda: wanted <= assigned_deliveries(platform).keys() or misdelivered(platform), within,
                 f"webhooks for all {len(wanted)} accepted inquiries")
    except AssertionError as timeout:
        raise AssertionError(f"{timeout}; {_where_are(platform, load, wanted)}") from None
    wrong = misdelivered(platform)
    assert not wrong, (f"{len(wrong)} webhooks reached a receiver not meant for their agency "
                       f"({_where_are(platform, load, wanted)}): {wrong[:5]}")
    deliveries = assigned_deliveries(platform)
    twice = {i: ids for i, ids in deliveries.items() if i in wanted and len(ids) != 1}
    assert not twice, f"delivered under several webhook-ids: {twice}"

    def projected() -> bool:
        response = httpx.get(platform.url("reporting", "/v1/aggregates"), headers=platform.operator,
                             params={"period": "day", "by": "all"}, timeout=10)
        groups = response.json().get("groups", []) if response.status_code == 200 else []
        return bool(groups) and groups[0]["received"] >= len(wanted)

    wait_for(projected, within, "reporting to count every accepted inquiry")
    received = httpx.get(platform.url("reporting", "/v1/aggregates"), headers=platform.operator,
                         params={"period": "day", "by": "all"}, timeout=10).json()["groups"][0]["received"]
    assert received == len(wanted), (f"reporting counts {received} inquiries, {len(wanted)} were accepted; "
                                     f"{_beyond(platform, load, wanted)}")
    for inquiry_id, code in load.accepted.items():
        row = httpx.get(platform.url("reporting", f"/v1/inquiries/by-tracking-code/{code}"), timeout=10)
        assert row.status_code == 200 and row.json()["status"] == "assigned", (inquiry_id, row.text)
    wrong = misdelivered(platform)
    assert not wrong, f"{len(wrong)} webhooks reached a receiver not meant for their agency: {wrong[:10]}"


def _where_are(platform: Platform, load: Load, wanted: set[str]) -> str:
    """For a failure: which undelivered inquiries reporting knows, and what the broker holds of them."""
    missing = sorted(wanted - assigned_deliveries(platform).keys())
    states: dict[str, int] = defaultdict(int)
    for inquiry_id in missing:
        code = load.accepted[inquiry_id]
        row = httpx.get(platform.url("reporting", f"/v1/inquiries/by-tracking-code/{code}"), timeout=10)
        states[row.json().get("status", "?") if row.status_code == 200 else f"HTTP {row.status_code}"] += 1
    on_broker = records_about(platform.broker.bootstrap, set(missing[:5]))
    return (f"{len(missing)} undelivered to their agency's receiver ({len(misdelivered(platform))} "
            f"webhooks misdelivered), reporting has them as {dict(states)}; "
            f"the broker holds, for the first: {on_broker}")


def _beyond(platform: Platform, load: Load, wanted: set[str]) -> str:
    """For a miscount: the inquiries reporting has that no client was told were accepted (and the
    broker's records of them), or that it has exactly those (the roll-up itself miscounted)."""
    rows = httpx.get(platform.url("reporting", "/v1/exports/inquiries"), headers=platform.operator,
                     params={"format": "json"}, timeout=30).json()
    held = {row["inquiry_id"] for row in rows}
    extra = sorted(held - wanted)
    if not extra:
        return f"its {len(held)} inquiry rows are the accepted ones: the roll-up miscounted"
    keys = {key: attempts for key, attempts in load.tried.items()
            if any(named in extra for _, named in attempts)}
    shared = {i: [k for k, a in load.tried.items() if (202, i) in a] for i in wanted}
    return (f"{len(held)} inquiry rows, not accepted: {extra[:5]}; "
            f"the broker holds: {records_about(platform.broker.bootstrap, set(extra[:5]))}; "
            f"attempts naming them, by key: {keys}; accepted ids given to several keys: "
            f"{ {i: k for i, k in shared.items() if len(k) > 1} }; {len(load.tried)} keys tried; "
            f"attempts without an answer, by error: {load.errors}")


def records_about(bootstrap: str, keys: set[str]) -> dict[str, list[str]]:
    """Every record keyed by one of `keys` on the pipeline's topics: "topic[partition]@offset type"."""
    found: dict[str, list[str]] = {key: [] for key in keys}
    topics = (INQUIRY_COMMANDS.name, INQUIRY_EVENTS.name, NOTIFICATION_EVENTS.name)
    for record in records_on(bootstrap, topics):
        key = (record.key or b"").decode(errors="replace")
        if key in found:
            kind = dict(record.headers or []).get("ce_type", b"?").decode(errors="replace")
            found[key].append(f"{record.topic}[{record.partition}]@{record.offset} {kind}")
    return found
