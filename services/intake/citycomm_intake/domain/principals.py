"""Who is calling: an API key's role and party, or an anonymous citizen; what each may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from citycomm.v1 import common_pb2


class Role(StrEnum):
    CITIZEN = "citizen"  # anonymous: submit feedback and information requests, track by code
    PRESS_AGENCY = "press_agency"
    PRESS_CENTER = "press_center"
    AGENCY = "agency"
    OPERATOR = "operator"
    OPEN311_CLIENT = "open311_client"  # an app that files citizens' reports through Open311


KEY_ROLES = tuple(r for r in Role if r is not Role.CITIZEN)

_ACTOR_ROLE = {
    Role.CITIZEN: common_pb2.ROLE_CITIZEN,
    Role.PRESS_AGENCY: common_pb2.ROLE_PRESS_AGENCY,
    Role.PRESS_CENTER: common_pb2.ROLE_PRESS_CENTER,
    Role.AGENCY: common_pb2.ROLE_AGENCY,
    Role.OPERATOR: common_pb2.ROLE_OPERATOR,
    Role.OPEN311_CLIENT: common_pb2.ROLE_CITIZEN,
}

# Which kinds each role may submit. Citizens' kinds are open to every caller, since a
# reporter or an official may also write as a citizen.
_CITIZEN_KINDS = frozenset({"citizen_feedback", "information_request"})
SUBMITTABLE: dict[Role, frozenset[str]] = {
    Role.CITIZEN: _CITIZEN_KINDS,
    Role.OPEN311_CLIENT: frozenset({"citizen_feedback"}),
    Role.PRESS_AGENCY: _CITIZEN_KINDS | {"press_request"},
    Role.PRESS_CENTER: _CITIZEN_KINDS | {"briefing_question", "media_alert", "press_request"},
    Role.AGENCY: _CITIZEN_KINDS,
    Role.OPERATOR: _CITIZEN_KINDS | {"media_alert"},
}


@dataclass(frozen=True)
class Principal:
    role: Role
    party_id: str = ""  # agency or press agency id; the app for open311 clients; empty for citizens
    key_id: str = ""

    @property
    def anonymous(self) -> bool:
        return self.role is Role.CITIZEN

    @property
    def scope(self) -> str:
        """The namespace of this caller's Idempotency-Keys."""
        return f"{self.role.value}:{self.party_id}"

    def actor(self) -> common_pb2.Actor:
        # An Open311 app submits for an anonymous citizen; its id still says which app.
        party = f"open311:{self.party_id}" if self.role is Role.OPEN311_CLIENT else self.party_id
        return common_pb2.Actor(role=_ACTOR_ROLE[self.role], id=party)

    def may_submit(self, kind: str) -> bool:
        return kind in SUBMITTABLE[self.role]


CITIZEN = Principal(Role.CITIZEN)


@dataclass(frozen=True)
class KeyInfo:
    """An API key as listed to operators: never its secret."""

    key_id: str
    role: str
    party_id: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
