"""SMS to submitters through an HTTP provider: one JSON POST a message, shaped like the Vietnamese
providers' send APIs (eSMS, SpeedSMS): the phone, the text, the brand name, our request id."""

from __future__ import annotations

import time

import httpx

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.domain.submitter_optout import normalized


def phone_digits(phone: str) -> str:
    """84xxxxxxxxx: the international form both SMS providers and ZNS take."""
    return normalized("phone", phone).removeprefix("phone:")


async def post_json(client: httpx.AsyncClient, url: str, payload: dict[str, object],
                    headers: dict[str, str]) -> tuple[Attempt, httpx.Response | None]:
    """One POST; a transport error is status 0 (retried). The error never holds the payload."""
    started = time.perf_counter()
    try:
        response = await client.post(url, json=payload, headers=headers)
    except httpx.HTTPError as exc:
        return Attempt(0, (time.perf_counter() - started) * 1000, error=type(exc).__name__), None
    latency = (time.perf_counter() - started) * 1000
    error = "" if response.is_success else f"HTTP {response.status_code}"
    return Attempt(response.status_code, latency, error, response.headers.get("retry-after")), response


class SmsChannel:
    name = "sms"

    def __init__(self, url: str, api_key: str, brand: str, *, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._url, self._key, self._brand = url, api_key, brand
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)

    async def send(self, message: SubmitterMessage) -> Attempt:
        payload: dict[str, object] = {"to": phone_digits(message.address), "content": message.text,
                                      "brandname": self._brand, "request_id": message.message_id}
        attempt, _ = await post_json(self._client, self._url, payload,
                                     {"Authorization": f"Bearer {self._key}"})
        return attempt

    async def close(self) -> None:
        await self._client.aclose()
