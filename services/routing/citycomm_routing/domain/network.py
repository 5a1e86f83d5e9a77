"""Operators' changes to the network (directive item 3e), checked against the whole directory."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import ValidationError

from citycomm_common.directory import Agency, Directory, WebhookEndpoint

# endpoint id -> {old secret ref -> the moment it stops being valid}
Rotations = dict[str, dict[str, datetime]]


class ChangeRefused(ValueError):
    """A change an operator asked for that cannot be made; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Change:
    agency: Agency
    rotations: Rotations = field(default_factory=dict)
    retired: bool = False


def checked(directory: Directory, changes: list[Change]) -> list[Change]:
    """The changes, if the directory stays valid and every ward keeps a People's Committee."""
    try:
        changed = with_agencies(directory, [c.agency for c in changes])
    except ValidationError as error:
        raise ChangeRefused(422, "; ".join(_messages(error))) from None
    gaps = [reason for _, reason in changed.coverage_problems()]
    if gaps:
        raise ChangeRefused(422, "; ".join(gaps))
    return changes


def _messages(error: ValidationError) -> Iterator[str]:
    for problem in error.errors(include_url=False):
        where = ".".join(str(step) for step in problem["loc"])
        yield f"{where}: {problem['msg']}" if where else problem["msg"]


def existing(directory: Directory, agency_id: str) -> Agency:
    try:
        return directory.get(agency_id)
    except LookupError:
        raise ChangeRefused(404, f"no agency {agency_id!r} in the directory") from None


def add(directory: Directory, agency: Agency) -> list[Change]:
    if any(a.id == agency.id for a in directory.agencies):
        raise ChangeRefused(409, f"agency {agency.id} exists; change it with PUT")
    return checked(directory, [Change(agency)])


def replace(directory: Directory, agency_id: str, agency: Agency, rotations: Rotations
            ) -> list[Change]:
    existing(directory, agency_id)
    if agency.id != agency_id:
        raise ChangeRefused(422, "an agency's id cannot change; retire it and add a new one")
    kept = {e.id: rotations[e.id] for e in agency.endpoints if e.id in rotations}
    return checked(directory, [Change(agency, kept)])


def retire(directory: Directory, agency_id: str, valid_until: date, rotations: Rotations,
           successor: Agency | None = None) -> list[Change]:
    """Close an agency's validity; a successor (e.g. a renamed ward committee) may start after."""
    agency = existing(directory, agency_id)
    if valid_until < agency.valid_from:
        raise ChangeRefused(422, f"valid_until {valid_until} is before valid_from {agency.valid_from}")
    changes = [Change(agency.model_copy(update={"valid_until": valid_until}), rotations, True)]
    if successor is not None:
        if any(a.id == successor.id for a in directory.agencies):
            raise ChangeRefused(409, f"successor {successor.id} exists already")
        changes.append(Change(successor))
    return checked(directory, changes)


def put_endpoint(directory: Directory, agency_id: str, endpoint: WebhookEndpoint,
                 rotations: Rotations) -> list[Change]:
    agency = existing(directory, agency_id)
    others = [e for e in agency.endpoints if e.id != endpoint.id]
    updated = _with_endpoints(agency, [*others, endpoint])
    kept = {k: v for k, v in rotations.items() if k != endpoint.id}
    return checked(directory, [Change(updated, kept)])


def remove_endpoint(directory: Directory, agency_id: str, endpoint_id: str,
                    rotations: Rotations) -> list[Change]:
    agency = existing(directory, agency_id)
    if all(e.id != endpoint_id for e in agency.endpoints):
        raise ChangeRefused(404, f"{agency_id} has no endpoint {endpoint_id!r}")
    updated = _with_endpoints(agency, [e for e in agency.endpoints if e.id != endpoint_id])
    kept = {k: v for k, v in rotations.items() if k != endpoint_id}
    return checked(directory, [Change(updated, kept)])


def rotate(directory: Directory, agency_id: str, endpoint_id: str, new_ref: str,
           keep_old_until: datetime, now: datetime, rotations: Rotations) -> list[Change]:
    """The new secret signs from now on; the old ones still verify until `keep_old_until`."""
    agency = existing(directory, agency_id)
    endpoint = next((e for e in agency.endpoints if e.id == endpoint_id), None)
    if endpoint is None:
        raise ChangeRefused(404, f"{agency_id} has no endpoint {endpoint_id!r}")
    if keep_old_until.tzinfo is None:
        raise ChangeRefused(422, "keep_old_until needs a UTC offset")
    if new_ref in endpoint.secret_refs:
        raise ChangeRefused(409, f"{new_ref} is already a secret of {endpoint_id}")
    old = [r for r in endpoint.secret_refs if keep_old_until > now][:3]  # at most 4 refs in all
    try:
        rotated = endpoint.model_copy(update={"secret_refs": [new_ref, *old]})
        WebhookEndpoint.model_validate(rotated.model_dump())
    except ValidationError as error:
        raise ChangeRefused(422, "; ".join(_messages(error))) from None
    until = {**rotations.get(endpoint_id, {}), **dict.fromkeys(old, keep_old_until)}
    updated = _with_endpoints(agency, [rotated if e.id == endpoint_id else e
                                       for e in agency.endpoints])
    return checked(directory, [Change(updated, {**rotations, endpoint_id: _only(until, old)})])


def expired(directory: Directory, rotations_by_agency: Mapping[str, Rotations], now: datetime
            ) -> list[Change]:
    """Agencies whose old secrets have passed their keep-until moment, without those secrets."""
    changes = []
    for agency_id, rotations in rotations_by_agency.items():
        agency = existing(directory, agency_id)
        gone = {ref for until in rotations.values() for ref, moment in until.items()
                if moment <= now}
        if not gone:
            continue
        endpoints = [e.model_copy(update={"secret_refs": [r for r in e.secret_refs if r not in gone]})
                     for e in agency.endpoints]
        left = {e: {r: m for r, m in u.items() if r not in gone} for e, u in rotations.items()}
        changes.append(Change(_with_endpoints(agency, endpoints),
                              {e: u for e, u in left.items() if u}))
    return changes


def with_agencies(base: Directory, agencies: list[Agency]) -> Directory:
    """`base` with `agencies` added or replacing those of the same id, validated as a whole."""
    merged = {a.id: a for a in base.agencies} | {a.id: a for a in agencies}
    return Directory(coordinator=base.coordinator, default_endpoint=base.default_endpoint,
                     agencies=list(merged.values()))


def _only(until: dict[str, datetime], refs: list[str]) -> dict[str, datetime]:
    return {ref: moment for ref, moment in until.items() if ref in refs}


def _with_endpoints(agency: Agency, endpoints: list[WebhookEndpoint]) -> Agency:
    return Agency.model_validate({**agency.model_dump(), "endpoints": [e.model_dump() for e in endpoints]})
