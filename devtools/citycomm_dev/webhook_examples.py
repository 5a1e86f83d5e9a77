"""Real example webhooks for docs/webhooks.md: one of every event type, captured from a real run.

    python -m citycomm_dev.webhook_examples capture   # a stack on its own broker with a fast clock;
                                                      # writes contracts/webhooks/examples/<type>.json
    python -m citycomm_dev.webhook_examples capture trend.detected ...  # the same run; only these
                                                      # examples are waited for and (re)written
    python -m citycomm_dev.webhook_examples docs      # the examples section of docs/webhooks.md from them

The run: the Press Center's media alert nobody can place (the coordinator's 1-hour ladder:
reminder, overdue, long overdue), a press agency's information request extended once and refused a
second extension, its press request declined to the transfer limit (escalated; the second agency's
endpoint fails, so it is unreachable), its press request acknowledged, answered and disputed
(reopened), the daily digest, a weekly briefing report, an agency's test event (`ping`), and a
burst of feedback about one road in one ward that the early-warning detector, run in seconds
(trends-fast.yaml), raises, updates and ends (trend.*), two consultations on a draft (opened,
changed, commented on by the press agency, closed and answered: consultation.*); the press agency
and the Press Center hear of each step of their own (submission.*).
tests/unit/test_webhook_examples.py keeps the docs equal to these files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import yaml
from fastapi import FastAPI, Request, Response

from citycomm_dev.broker import EmbeddedBroker, free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import ARTIFACTS, Stack
from citycomm_dev.stack import Ports, StackConfig, processes

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "contracts" / "webhooks" / "examples"
DOC = REPO / "docs" / "webhooks.md"
BEGIN, END = "<!-- examples:begin (python -m citycomm_dev.webhook_examples docs) -->", "<!-- examples:end -->"
START, SPEEDUP, DIGEST_AT = "2026-11-03T11:34:00+07:00", 300, "14:00"  # a Tuesday
UNREACHABLE_AGENCY = "so-tu-phap"  # its webhooks fail in this run
KEYS = {"center": ("press_center", "trung-tam-bao-chi"), "press": ("press_agency", "bao-tuoi-tre"),
        "so-xay-dung": ("agency", "so-xay-dung"), "so-tu-phap": ("agency", "so-tu-phap"),
        "so-noi-vu": ("agency", "so-noi-vu")}


def example_name(body: dict[str, Any]) -> str:
    """The file an example goes to: its type, and the ladder's stage for a ladder `inquiry.escalated`."""
    stage = body["data"].get("stage")
    return f"{body['type']}.{stage}" if body["type"] == "inquiry.escalated" and stage else body["type"]


class Inbox:
    """The run's agency endpoint: keeps the first body of each example name; fails one agency's."""

    def __init__(self) -> None:
        self.port, self.lock = free_port(), threading.Lock()
        self.bodies: dict[str, dict[str, Any]] = {}

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/webhooks")
        async def receive(request: Request) -> Response:
            body = json.loads(await request.body())
            if body["data"].get("agency_id") == UNREACHABLE_AGENCY and body["type"] == "inquiry.assigned":
                return Response(status_code=500)
            with self.lock:
                self.bodies.setdefault(example_name(body), body)
            return Response(status_code=204)

        return api


class Run:
    def __init__(self, config: StackConfig, inbox: Inbox) -> None:
        self.config, self.inbox = config, inbox
        self.keys = {name: self._key(*holder) for name, holder in KEYS.items()}
        self.intake = f"http://127.0.0.1:{config.ports.intake_http}"

    def _key(self, role: str, party: str) -> str:
        made = subprocess.run([sys.executable, "-m", "citycomm_intake", "keys", "create", "--role", role,
                               "--party", party, "--label", "webhook-examples"], check=True, timeout=60,
                              env={**os.environ, **self.config.extra_env}, capture_output=True, text=True)
        return made.stdout.strip()

    def submit(self, who: str | None, body: dict[str, Any]) -> str:
        headers = {"Idempotency-Key": str(uuid.uuid4()), **self.bearer(who)}
        answer = httpx.post(f"{self.intake}/v1/inquiries", json=body, headers=headers, timeout=30)
        assert answer.status_code == 202, answer.text
        return str(answer.json()["inquiry_id"])

    def act(self, who: str, inquiry_id: str, action: str, body: dict[str, Any]) -> str:
        headers = {"Idempotency-Key": str(uuid.uuid4()), "Prefer": "wait=15", **self.bearer(who)}
        answer = httpx.post(f"{self.intake}/v1/inquiries/{inquiry_id}/{action}", json=body, headers=headers,
                            timeout=30)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["state"])

    def bearer(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"} if who else {}

    def assigned_to(self, inquiry_id: str, agency: str) -> None:
        def tracked() -> bool:
            found = httpx.get(f"{self.intake}/v1/inquiries/{inquiry_id}", timeout=10,
                              headers=self.bearer(agency))
            return found.status_code == 200 and found.json().get("agency_id") == agency

        wait_for(tracked, 30, f"{inquiry_id} assigned to {agency}")


def drive(run: Run) -> None:
    run.submit("center", {"kind": "media_alert", "title": "Tin đồn chưa rõ nguồn về nước máy",
                          "description": "Tin lan truyền: nước máy quận 4 nhiễm bẩn",
                          "source_urls": ["https://example.com/tin-don"]})
    asked = run.submit("press", {"kind": "information_request", "agency_id": "so-xay-dung",
                              "channel": "in_person", "title": "Bản sao giấy phép xây dựng",
                              "description": "Xin bản sao giấy phép xây dựng số 12/GPXD",
                              "requester": {"name": "Lê Văn D", "phone": "0903123456"}})
    run.assigned_to(asked, "so-xay-dung")
    assert run.act("so-xay-dung", asked, "extension-request", {"reason": "Cần thêm số liệu"}) == "accepted"
    assert run.act("so-xay-dung", asked, "extension-request", {"reason": "Lần nữa"}) == "rejected"
    declined = run.submit("press", {"kind": "press_request", "agency_id": "so-xay-dung",
                                    "title": "Cấp phép biểu diễn", "question": "Thủ tục cấp phép?"})
    for agency, suggested in (("so-xay-dung", "so-tu-phap"), ("so-tu-phap", "so-noi-vu"), ("so-noi-vu", "")):
        run.assigned_to(declined, agency)
        named = {"suggested_agency_id": suggested} if suggested else {}
        assert run.act(agency, declined, "transfer-request", {"reason": "Không thuộc thẩm quyền", **named}
                       ) == "accepted"
    disputed = run.submit("press", {"kind": "press_request", "agency_id": "so-xay-dung",
                                    "title": "Tiến độ chống ngập", "question": "Khi nào xong dự án?",
                                    "links": ["https://tuoitre.vn/chong-ngap"]})
    run.assigned_to(disputed, "so-xay-dung")
    assert run.act("so-xay-dung", disputed, "acknowledge", {"note": "Đã chuyển phòng Quản lý hạ tầng"}
                   ) == "accepted"
    assert run.act("so-xay-dung", disputed, "answer", {"answer": "Quý 2 năm 2027."}) == "accepted"
    assert run.act("press", disputed, "dispute", {"reason": "Chưa nêu rõ ngày"}) == "accepted"
    operator = {"Authorization": f"Bearer {run.config.operator_token}"}
    made = httpx.post(f"http://127.0.0.1:{run.config.ports.reporting_http}/v1/reports/weekly_briefing",
                      headers=operator, timeout=30)
    assert made.status_code == 201, made.text
    ping = httpx.post(f"http://127.0.0.1:{run.config.ports.notifications_http}/v1/webhooks/ping",
                      headers=run.bearer("so-noi-vu"), timeout=30)
    assert ping.status_code == 202, ping.text
    consultations(run)
    trend_burst(run)


def consultations(run: Run) -> None:
    """The Department of Construction puts two drafts to the press and the public: one that ran
    (its period over) it closes and answers; the other, still open, it changes and the press
    agency comments on it (consultation.*)."""
    start = datetime.fromisoformat(START)

    def send(path: str, body: dict[str, Any], who: str, method: str = "POST") -> dict[str, Any]:
        headers = {"Idempotency-Key": str(uuid.uuid4()), "Prefer": "wait=15", **run.bearer(who)}
        answer = httpx.request(method, f"{run.intake}/v1/consultations{path}", json=body, headers=headers,
                               timeout=30)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def draft(opens: datetime, closes: datetime, summary: str) -> dict[str, Any]:
        return {"title": "Dự thảo quy định về sử dụng tạm thời vỉa hè", "summary": summary,
                "opens_at": opens.isoformat(), "closes_at": closes.isoformat(),
                "audiences": ["press", "public"], "large_impact": True,
                "document_links": ["https://example.org/du-thao-via-he.pdf"]}

    ran = send("", draft(start - timedelta(days=40), start - timedelta(days=3), "Mức thu phí vỉa hè"),
               "so-xay-dung")["consultation_id"]
    opened = draft(start - timedelta(hours=1), start + timedelta(days=30), "Khu vực được sử dụng vỉa hè")
    running = send("", opened, "so-xay-dung")["consultation_id"]
    changed = {**opened, "summary": "Khu vực và thời gian được sử dụng vỉa hè"}
    send(f"/{running}", changed, "so-xay-dung", "PUT")
    send(f"/{running}/comments", {"text": "Cần quy định rõ lối đi cho người khuyết tật", "article": "Điều 4",
                                  "theme": "lối đi bộ"}, "press")
    send(f"/{ran}/close", {}, "so-xay-dung")
    send(f"/{ran}/response", {"response_url": "https://example.org/tiep-thu-giai-trinh.pdf",
                              "summary": "Tiếp thu 12 ý kiến, giải trình 3 ý kiến"}, "so-xay-dung")


ROAD = "Đường Nguyễn Văn Tiết sụt lún, nhiều ổ gà"


def trend_burst(run: Run) -> None:
    """Six inquiries about one road raise a trend; five more while they are in its window update it."""
    def feedback(n: int) -> None:
        answer = httpx.post(f"{run.intake}/v1/feedback", headers={"Idempotency-Key": str(uuid.uuid4())},
                            json={"category": "urban-infrastructure", "ward": "25747",
                                  "title": ROAD, "description": f"{ROAD} ({n})"}, timeout=30)
        assert answer.status_code == 202, answer.text

    for n in range(6):
        feedback(n)
    wait_for(lambda: "trend.detected" in run.inbox.bodies, 60, "trend.detected")
    for n in range(6, 11):
        feedback(n)


def expected() -> set[str]:
    from citycomm_notifications.domain.contract import EVENT_TYPES

    return {*EVENT_TYPES, "inquiry.escalated.long_overdue"}


def capture(then: Callable[[Run], None] = drive, wanted: set[str] | None = None) -> dict[str, dict[str, Any]]:
    wanted = expected() if wanted is None else wanted
    (REPO / "var").mkdir(exist_ok=True)
    inbox, state = Inbox(), Path(tempfile.mkdtemp(prefix="webhook-examples-", dir=REPO / "var"))
    broker = EmbeddedBroker(log_path=ARTIFACTS / "webhook-examples-broker.log").start(partitions=3)
    env = {"CITYCOMM_DEMO_INBOX_URL": f"http://127.0.0.1:{inbox.port}/webhooks",
           "CITYCOMM_API_KEYS_DATABASE_URL": f"sqlite+aiosqlite:///{state / 'keys.db'}",
           "CITYCOMM_CLOCK_SPEEDUP": str(SPEEDUP), "CITYCOMM_CLOCK_START": START,
           "CITYCOMM_DIGEST_AT": DIGEST_AT, "CITYCOMM_WEBHOOK_RETRY_SCHEDULE": "[0]",
           "CITYCOMM_TRENDS_FILE": str(trends_in_seconds(state, TREND_HOUR_REAL_SECONDS * SPEEDUP)),
           "CITYCOMM_TREND_TICK_SECONDS": "0.5"}
    config = StackConfig(bootstrap=broker.bootstrap, embedded_broker=True, state_dir=state,
                         ports=Ports.free(),
                         extra_env=env)
    server = uvicorn.Server(uvicorn.Config(inbox.app(), port=inbox.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    running = Stack().start([s for s in processes(config) if s.name != "inbox"], run_name="webhook-examples")
    try:
        then(Run(config, inbox))
        try:
            wait_for(lambda: wanted <= set(inbox.bodies), 180, "one webhook of each type")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; missing: {sorted(wanted - set(inbox.bodies))}") from None
        return {name: body for name, body in sorted(inbox.bodies.items()) if name in wanted}
    finally:
        running.stop()
        server.should_exit = True
        broker.stop()
        shutil.rmtree(state, ignore_errors=True)


TREND_HOUR_REAL_SECONDS = 5  # the detector's hour in this run, in real seconds (its clock is fast)


def trends_in_seconds(state: Path, hour_seconds: int) -> Path:
    """trends-fast.yaml with the detector's hour `hour_seconds` long on the run's (fast) clock."""
    settings = yaml.safe_load(Path(__file__).with_name("trends-fast.yaml").read_text(encoding="utf-8"))
    path = state / "trends.yaml"
    path.write_text(yaml.safe_dump({**settings, "hour_seconds": hour_seconds}), encoding="utf-8")
    return path


def example_text(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def examples() -> dict[str, dict[str, Any]]:
    return {p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(EXAMPLES.glob("*.json"))}


def docs_section(found: dict[str, dict[str, Any]]) -> str:
    """The examples section of docs/webhooks.md, made from the captured files."""
    parts = [BEGIN, ""]
    for name, body in found.items():
        parts += [f"#### `{name}`", "", "```json", example_text(body).rstrip("\n"), "```", ""]
    return "\n".join([*parts, END])


def with_examples(doc: str, found: dict[str, dict[str, Any]]) -> str:
    head, rest = doc.split(BEGIN, 1)
    return head + docs_section(found) + rest.split(END, 1)[1]


def main(argv: list[str]) -> int:
    if argv[:1] == ["capture"]:
        only = set(argv[1:])
        captured = capture(wanted=only or None)  # the files change only once a whole run has been captured
        EXAMPLES.mkdir(parents=True, exist_ok=True)
        for old in EXAMPLES.glob("*.json"):
            if not only or old.name.removesuffix(".json") in only:
                old.unlink()
        for name, body in captured.items():
            (EXAMPLES / f"{name}.json").write_text(example_text(body), encoding="utf-8")
    if argv[:1] in (["capture"], ["docs"]):
        DOC.write_text(with_examples(DOC.read_text(encoding="utf-8"), examples()), encoding="utf-8")
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
