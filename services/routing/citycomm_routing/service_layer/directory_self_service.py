"""An agency, press agency or the Press Center changes its own webhook endpoint with its own API key
(decisions 0094, 0095): a new URL takes effect only once it answered a signed `ping` with 2xx, under
the same target rules as operators' changes; a new signing secret is made here, shown once, kept
sealed in the directory, and the old ones keep verifying for an overlap. Every change is published
on directory.agencies like an operator's and written to the audit log (who, what, when)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from pydantic import ValidationError

from citycomm_common.clock import Clock
from citycomm_common.directory import Agency, WebhookEndpoint
from citycomm_common.intake_keys import Caller
from citycomm_common.sealed_secrets import SealingUnavailable, new_secret, seal
from citycomm_routing.domain import targets
from citycomm_routing.domain.network import ChangeRefused
from citycomm_routing.service_layer.directory_admin import DirectoryAdmin, Records

audit = logging.getLogger("citycomm.audit.directory")


@dataclass(frozen=True)
class Proof:
    """What the proposed URL answered to the signed `ping`."""

    verified: bool
    webhook_id: str
    status_code: int
    error: str


class VerifierUnavailable(Exception):
    """Notifications, which sends the proof, did not answer."""


class Verifier(Protocol):
    async def verify(self, agency_id: str, endpoint_id: str, url: str, secret_refs: Sequence[str],
                     requested_by: str) -> Proof: ...


@dataclass(frozen=True)
class Rotated:
    endpoint_id: str
    secret: str  # shown once, never again
    old_secrets_verify_until: datetime
    records: Records


class DirectorySelfService:
    def __init__(self, admin: DirectoryAdmin, verifier: Verifier, clock: Clock, *, sealing_keys: str,
                 https_only: bool, overlap: timedelta) -> None:
        self._admin, self._verifier, self._clock = admin, verifier, clock
        self._sealing_keys, self._https_only, self._overlap = sealing_keys, https_only, overlap

    def endpoints(self, caller: Caller) -> list[WebhookEndpoint]:
        return list(self._own(caller).endpoints)

    async def set_url(self, caller: Caller, endpoint_id: str, url: str) -> tuple[Proof, Records]:
        """The endpoint at `url` once `url` answered the signed `ping` 2xx (422 with its answer else)."""
        endpoint = self._endpoint(caller, endpoint_id)
        try:
            changed = WebhookEndpoint.model_validate({**endpoint.model_dump(mode="json"), "url": url})
        except ValidationError as error:
            raise ChangeRefused(422, "; ".join(str(e["msg"]) for e in error.errors())) from None
        if self._https_only and urlsplit(str(changed.url)).scheme != "https":
            raise ChangeRefused(422, "địa chỉ webhook phải dùng https / the webhook URL must use https")
        if self._admin.public_targets_only and (why := targets.refusal(str(changed.url))) is not None:
            raise ChangeRefused(422, why)
        proof = await self._verifier.verify(caller.party_id, endpoint_id, str(changed.url),
                                            endpoint.secret_refs, _who(caller))
        if not proof.verified:
            raise ChangeRefused(422, f"địa chỉ mới chưa xác minh / the new URL did not answer the signed "
                                     f"ping {proof.webhook_id} with 2xx: {proof.error or proof.status_code}")
        records = await self._admin.put_endpoint(caller.party_id, changed)
        _audit(caller, "set_url", endpoint_id, before=str(endpoint.url), after=str(changed.url),
               at=self._clock.now(), proof=proof.webhook_id)
        return proof, records

    async def rotate(self, caller: Caller, endpoint_id: str, overlap: timedelta | None = None) -> Rotated:
        """A new secret signs from now on; the current ones verify for `overlap` more (default setting)."""
        self._endpoint(caller, endpoint_id)
        secret = new_secret()
        try:
            ref = seal(secret, self._sealing_keys)
        except SealingUnavailable as exc:
            raise ChangeRefused(503, f"self-service secret rotation is not configured here: {exc}") from None
        now = self._clock.now()
        until = now + (self._overlap if overlap is None else overlap)
        records = await self._admin.rotate(caller.party_id, endpoint_id, ref, until)
        _audit(caller, "rotate_secret", endpoint_id, before="", after=f"sealed:…{ref[-8:]}", at=now,
               proof=f"old secrets verify until {until.isoformat()}")
        return Rotated(endpoint_id, secret, until, records)

    def _own(self, caller: Caller) -> Agency:
        if not caller.serves_itself:
            raise ChangeRefused(403, "only agencies, press agencies and the Press Center set their webhooks")
        return self._admin.agency(caller.party_id)

    def _endpoint(self, caller: Caller, endpoint_id: str) -> WebhookEndpoint:
        found = next((e for e in self._own(caller).endpoints if e.id == endpoint_id), None)
        if found is None:
            raise ChangeRefused(404, f"{caller.party_id} has no endpoint {endpoint_id!r}; "
                                     "a new endpoint is added by the city's operators")
        return found


def _who(caller: Caller) -> str:
    return f"{caller.role}:{caller.party_id}"


def _audit(caller: Caller, action: str, endpoint_id: str, *, before: str, after: str, at: datetime,
           proof: str) -> None:
    audit.info("%s %s of %s/%s: %r -> %r at %s (%s)", _who(caller), action, caller.party_id, endpoint_id,
               before, after, at.isoformat(), proof,
               extra={"audit_actor": _who(caller), "audit_action": action, "agency_id": caller.party_id,
                      "endpoint_id": endpoint_id, "audit_before": before, "audit_after": after,
                      "audit_at": at.isoformat()})
