"""Proof that whoever sets a webhook URL controls it (decision 0094): before routing's directory
takes a URL an agency gives itself, notifications sends that URL one signed `ping`, under the
egress policy every delivery obeys (allowed hosts, public addresses only, the checked addresses
pinned), signed with the endpoint's current secrets. Only a 2xx answer counts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from citycomm_common.clock import Clock, SystemClock
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget
from citycomm_notifications.adapters.secrets import MissingSecret, SecretStore
from citycomm_notifications.adapters.webhooks import body, signed_headers
from citycomm_notifications.domain.notices import ping_notice
from citycomm_notifications.service_layer.ports import WebhookSender


@dataclass(frozen=True)
class Verification:
    verified: bool
    webhook_id: str
    status_code: int  # 0: no HTTP answer, or not sent (refused target, missing secret)
    error: str

    def view(self) -> dict[str, Any]:
        return asdict(self)


class EndpointChecks:
    def __init__(self, egress: EgressPolicy, client: WebhookSender, secrets: SecretStore,
                 wall: Clock | None = None) -> None:
        self._egress, self._client, self._secrets = egress, client, secrets
        self._wall = wall or SystemClock()

    async def verify(self, agency_id: str, requested_by: str, url: str,
                     secret_refs: Sequence[str]) -> Verification:
        """One signed `ping` to `url`, not queued, not retried: the answer is the holder's proof."""
        webhook_id = f"msg_verify_{uuid.uuid4().hex}"
        try:
            target = await self._egress.check(url)
            secrets = [self._secrets.resolve(ref) for ref in secret_refs]
        except (RefusedTarget, MissingSecret) as refused:
            return Verification(False, webhook_id, 0, str(refused))
        notice = ping_notice(agency_id, requested_by, webhook_id)
        now = self._wall.now()
        payload = body(notice.type, now, notice.data)
        attempt = await self._client.post(url, signed_headers(webhook_id, now, payload, secrets), payload,
                                          target.addresses)
        error = attempt.error or ("" if attempt.succeeded else f"HTTP {attempt.status_code}")
        return Verification(attempt.succeeded, webhook_id, attempt.status_code, error)
