"""The local trace viewer: spans exported by the OpenTelemetry SDK, an inquiry's trace as a waterfall."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace import ReadableSpan

from citycomm_dev.stack import StackConfig, processes
from citycomm_dev.trace_viewer import create_viewer
from citycomm_dev.traces import TraceStore
from tests.support.spans import INQUIRY, an_inquiry_in_four_services


def viewer_with(spans: list[ReadableSpan], store: TraceStore | None = None) -> TestClient:
    client = TestClient(create_viewer("http://127.0.0.1:9", store))
    answer = client.post("/v1/traces", content=encode_spans(spans).SerializeToString(),
                         headers={"content-type": "application/x-protobuf"})
    assert answer.status_code == 200
    return client


def test_an_inquirys_trace_has_the_spans_of_every_service_in_order() -> None:
    client = viewer_with(an_inquiry_in_four_services())
    found = client.get(f"/api/inquiries/{INQUIRY}").json()
    [trace] = found["traces"]
    assert {s["service"] for s in trace["spans"]} == {"intake", "routing", "notifications", "reporting"}
    page = client.get(f"/inquiries/{INQUIRY}").text
    assert "Dấu vết / Trace" in page and "Dịch vụ / Service" in page
    names = ["POST /v1/feedback", "send inquiry.commands", "process inquiry.commands", "send inquiry.events"]
    assert [page.index(f">{n}<") for n in names] == sorted(page.index(f">{n}<") for n in names)
    assert "padding-left:54px'>send inquiry.events" in page  # four levels under the request


def test_recent_traces_leave_out_health_probes() -> None:
    page = viewer_with(an_inquiry_in_four_services()).get("/").text
    assert "POST /v1/feedback" in page and "GET /readyz" not in page
    assert f"/inquiries/{INQUIRY}" in page


def test_only_the_newest_traces_are_kept() -> None:
    store = TraceStore(size=1)
    viewer_with(an_inquiry_in_four_services(), store)
    assert store.of_inquiry(INQUIRY) == []  # the probe's trace came last and pushed it out


def test_an_unknown_reference_or_a_bad_export_is_answered_clearly() -> None:
    client = viewer_with([])
    assert client.get("/inquiries/XXXX-YYYY").status_code == 404  # no reporting to name it
    assert "Không tìm thấy" in client.get("/inquiries/XXXX-YYYY").text
    assert client.get("/traces/0123").status_code == 404
    assert client.post("/v1/traces", content=b"\xff\xff not protobuf").status_code == 400


def test_make_run_sends_spans_to_the_viewer_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        monkeypatch.delenv(name)
    config = StackConfig(bootstrap="127.0.0.1:9", embedded_broker=True, state_dir=tmp_path, trace_viewer=True)
    specs = {s.name: s for s in processes(config)}
    assert specs["traces"].argv[-1] == "citycomm_dev.trace_viewer"
    assert specs["intake"].env["OTEL_EXPORTER_OTLP_ENDPOINT"] == f"http://127.0.0.1:{config.ports.traces}"
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")  # the user's own collector
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in {s.name: s for s in processes(config)}["intake"].env
    tests_stack = StackConfig(bootstrap="127.0.0.1:9", embedded_broker=True, state_dir=tmp_path)
    assert "traces" not in {s.name for s in processes(tests_stack)}
