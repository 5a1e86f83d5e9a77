"""Zalo Notification Service (ZNS): a registered template and its parameters sent to a phone
number (POST /message/template with the Official Account's access token). ZNS answers HTTP 200
with its own `error` code: 0 is sent; a rate limit or a server error is retried, others are final."""

from __future__ import annotations

import httpx

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_notifications.adapters.sms_channel import phone_digits, post_json
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.service_layer.submitter_channels import REFUSED

RETRIED_ERRORS = frozenset({-32, -124, -1})  # over the rate limit, token expired (refreshed), internal


class ZaloChannel:
    name = "zalo"

    def __init__(self, url: str, access_token: str, template_ids: dict[str, str], *, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._url, self._token, self._templates = url, access_token, template_ids
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)

    def template_for(self, change: str) -> str:
        return self._templates.get(change) or self._templates.get("default", "")

    async def send(self, message: SubmitterMessage) -> Attempt:
        template_id = self.template_for(message.change)
        if not template_id:
            return Attempt(REFUSED, 0.0, error=f"no ZNS template for {message.change}")
        payload: dict[str, object] = {"phone": phone_digits(message.address), "template_id": template_id,
                                      "template_data": dict(message.template_data),
                                      "tracking_id": message.message_id}
        attempt, response = await post_json(self._client, self._url, payload,
                                            {"access_token": self._token})
        if response is None or not attempt.succeeded:
            return attempt
        try:
            code = int(response.json().get("error", -1))
        except (ValueError, AttributeError):
            return Attempt(502, attempt.latency_ms, error="ZNS answered no JSON")
        if code == 0:
            return attempt
        status = 503 if code in RETRIED_ERRORS else REFUSED
        return Attempt(status, attempt.latency_ms, error=f"ZNS error {code}")

    async def close(self) -> None:
        await self._client.aclose()
