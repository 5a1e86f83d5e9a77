"""Open311 end to end: an app files a citizen's report with its api_key; anyone with the id follows it."""

from __future__ import annotations

from xml.etree import ElementTree

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import keys_url
from tests.support import api_keys
from tests.unit.test_intake_open311 import assert_valid


def test_a_report_filed_through_open311_is_routed_and_readable_in_json_and_xml(
    stack: Stack, stack_config: StackConfig
) -> None:
    base = f"http://127.0.0.1:{stack_config.ports.intake_http}/open311/v2"
    [key] = api_keys.issue(keys_url(stack_config), {"app": ("open311_client", "e2e-app")}).values()
    try:
        created = httpx.post(
            f"{base}/requests.json",
            timeout=10,
            data={
                "api_key": key,
                "service_code": "noise",
                "attribute[ward]": "Phường Sài Gòn",
                "description": "Karaoke ồn ào sau 22 giờ",
                "jurisdiction_id": "hochiminhcity.gov.vn",
            },
        )
        assert created.status_code == 201, created.text
        request_id = created.json()[0]["service_request_id"]
        # Reporting may show the inquiry received before its assignment lands: wait for the agency.
        found = wait_for(
            lambda: ((r := httpx.get(f"{base}/requests/{request_id}.json")).status_code == 200
                     and r.json()[0].get("agency_responsible") and r),
            30,
            "the request to be visible with its agency",
        )
        assert_valid("requests.json", found.json())
        assert found.json()[0]["agency_responsible"] and found.json()[0]["status"] == "open"
        xml = ElementTree.fromstring(httpx.get(f"{base}/requests/{request_id}.xml").content)
        assert xml.findtext("request/service_request_id") == request_id
        assert_valid("services.json", httpx.get(f"{base}/services.json").json())
    finally:
        api_keys.revoke(keys_url(stack_config), [key])
