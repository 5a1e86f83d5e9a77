"""An agency's own endpoint on the running platform (decisions 0094, 0095): with its intake key it
rotates its signing secret on routing, moves its endpoint to a new URL (which answers the signed
proof first), and the next webhook — a ping it asks notifications for — arrives at the new URL
signed with both the new secret and the old one, each verified by the official Standard Webhooks
library: the directory change reached notifications, and the sealed secret opened there."""

from __future__ import annotations

import json
from typing import Any

import httpx
from standardwebhooks import Webhook

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url, serve_in_thread
from tests.support import api_keys

AGENCY = "so-du-lich"


def _pings(receiver: Receiver) -> list[dict[str, Any]]:
    return [r for r in receiver.received() if json.loads(r["body"])["type"] == "ping"]


def test_an_agency_rotates_its_secret_and_moves_its_endpoint_itself(
        stack: Stack, stack_config: StackConfig) -> None:
    p = stack_config.ports
    routing = f"http://127.0.0.1:{p.routing_http}"
    operator = {"Authorization": f"Bearer {stack_config.operator_token}"}
    endpoint_url = f"{routing}/v1/directory/agencies/{AGENCY}/endpoints/self-service"
    old_secret = stack_config.inbox_secret  # env:CITYCOMM_DEMO_INBOX_SECRET, which notifications has
    key = api_keys.issue(keys_url(stack_config), {"agency": ("agency", AGENCY)}, label="e2e-self-service")
    mine = {"Authorization": f"Bearer {key['agency']}"}
    new_home = Receiver(free_port())
    with httpx.Client(timeout=30) as http, serve_in_thread(new_home.app(), new_home.port):
        given = {"id": "self-service", "url": "https://so-du-lich.example.vn/hooks", "events": ["ping"],
                 "secret_refs": ["env:CITYCOMM_DEMO_INBOX_SECRET"]}
        assert http.put(endpoint_url, json=given, headers=operator).status_code == 200
        try:
            rotated = http.post(f"{routing}/v1/directory/self/endpoints/self-service/rotate", headers=mine)
            assert rotated.status_code == 200, rotated.text
            new_secret = rotated.json()["secret"]
            moved = http.put(f"{routing}/v1/directory/self/endpoints/self-service",
                             json={"url": new_home.url}, headers=mine)
            assert moved.status_code == 200, moved.text
            [proof] = _pings(new_home)
            # The change reaches notifications through the directory topic, within seconds: the
            # agency's own view there says where its webhooks go now (webhooks-guide.md §2).
            wait_for(lambda: any(e["url"] == new_home.url for e in http.get(
                f"http://127.0.0.1:{p.notifications_http}/v1/webhooks/endpoints", headers=mine).json()),
                30, "notifications to send the agency's webhooks to its new URL")
            # The agency's own test event, delivered by notifications from the changed directory.
            asked = http.post(f"http://127.0.0.1:{p.notifications_http}/v1/webhooks/ping", headers=mine)
            assert asked.status_code == 202, asked.text
            [webhook_id] = asked.json()["webhook_ids"]
            delivered = wait_for(lambda: [r for r in new_home.received()
                                          if r["headers"]["webhook-id"] == webhook_id], 30,
                                 "the ping at the agency's new URL")
            for request in (proof, delivered[0]):
                assert len(request["headers"]["webhook-signature"].split(" ")) == 2
                for secret in (new_secret, old_secret):
                    assert Webhook(secret).verify(request["body"], request["headers"])  # type: ignore[arg-type]
        finally:
            assert http.delete(endpoint_url, headers=operator).status_code == 200
            api_keys.revoke(keys_url(stack_config), key.values())


