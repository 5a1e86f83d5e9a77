"""Asks notifications to prove a proposed webhook URL (decision 0094): notifications holds the
signing secrets and the egress policy, so it sends the signed `ping`; routing only reads the answer."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from citycomm_routing.service_layer.directory_self_service import Proof, VerifierUnavailable


class NotificationsVerifier:
    def __init__(self, notifications_url: str, operator_token: str, *, timeout: float = 20.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(base_url=notifications_url.rstrip("/"), timeout=timeout,
                                         headers={"Authorization": f"Bearer {operator_token}"},
                                         transport=transport)

    async def verify(self, agency_id: str, endpoint_id: str, url: str, secret_refs: Sequence[str],
                     requested_by: str) -> Proof:
        try:
            answer = await self._client.post(
                f"/v1/operator/agencies/{agency_id}/endpoints/{endpoint_id}/verify",
                json={"url": url, "secret_refs": list(secret_refs), "requested_by": requested_by})
        except httpx.HTTPError as exc:
            raise VerifierUnavailable(f"notifications did not answer: {exc}") from exc
        if answer.status_code != 200:
            raise VerifierUnavailable(f"notifications answered {answer.status_code}")
        found = answer.json()
        return Proof(bool(found["verified"]), str(found["webhook_id"]), int(found["status_code"]),
                     str(found["error"]))

    async def close(self) -> None:
        await self._client.aclose()
