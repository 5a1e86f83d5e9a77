"""Every service follows directory.agencies: an agency an operator adds at run time is accepted by
intake, routed to, and named by reporting, without a restart (not only the config files)."""

from __future__ import annotations

import uuid

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import keys_url
from tests.e2e.test_intake_flow import bearer
from tests.support import api_keys


def test_an_agency_an_operator_adds_is_accepted_by_intake_and_named_by_reporting(
        stack: Stack, stack_config: StackConfig) -> None:
    ports = stack_config.ports
    for port in (ports.intake_http, ports.notifications_http, ports.reporting_http):
        checks = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10).json()["checks"]
        assert checks["directory_loaded"] is True, (port, checks)  # readiness says it was read
    agency_id = f"so-thu-nghiem-{uuid.uuid4().hex[:8]}"
    short_name = f"Sở Thử nghiệm {agency_id[-8:]}"
    added = httpx.post(
        f"http://127.0.0.1:{stack_config.ports.routing_http}/v1/directory/agencies", timeout=10,
        headers={"Authorization": f"Bearer {stack_config.operator_token}"},
        json={"id": agency_id, "name": f"{short_name} Thành phố Hồ Chí Minh", "short_name": short_name,
              "kind": "department", "supervisor": "van-phong-ubnd-tp", "valid_from": "2025-07-01"})
    assert added.status_code == 201, added.text
    [key] = api_keys.issue(keys_url(stack_config), {"press": ("press_agency", "bao-tuoi-tre")}).values()
    try:
        idempotency_key = str(uuid.uuid4())

        def submitted() -> httpx.Response | None:
            response = httpx.post(
                f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/inquiries", timeout=10,
                headers={**bearer(key), "Idempotency-Key": idempotency_key},
                json={"kind": "press_request", "agency_id": agency_id, "title": "Câu hỏi thử",
                      "question": "Cơ quan mới trả lời được không?"})
            assert response.status_code in (202, 422), response.text  # 422 until intake has read it
            return response if response.status_code == 202 else None

        code = wait_for(submitted, 30, "intake to accept the added agency").json()["tracking_code"]

        def tracked() -> dict[str, str] | None:
            response = httpx.get(f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/track/{code}",
                                 timeout=10)
            found = response.json() if response.status_code == 200 else {}
            return found if found.get("agency_id") == agency_id else None

        status = wait_for(tracked, 30, "the inquiry assigned to the added agency")
        assert status["agency_name"] == short_name
    finally:
        api_keys.revoke(keys_url(stack_config), [key])
