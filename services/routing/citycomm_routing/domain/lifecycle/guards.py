"""The checks that reject a command: who may act, the inquiry's status, what must be given."""

from __future__ import annotations

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import enum_name
from citycomm_routing.domain.lifecycle.decision import Context, Rejection
from citycomm_routing.domain.lifecycle.state import State, Status, status_name

_COORDINATING_ROLES = (common_pb2.ROLE_OPERATOR, common_pb2.ROLE_SYSTEM)


def who(actor: common_pb2.Actor) -> str:
    role = enum_name(common_pb2.Role, actor.role).replace("_", " ") or "unspecified"
    return f"{role} {actor.id}".strip()


def require_status(state: State, allowed: tuple[Status, ...], doing: str) -> None:
    if state.lifecycle_status == common_pb2.LIFECYCLE_STATUS_CLOSED:
        raise Rejection(f"cannot {doing}: the inquiry is closed")
    if state.lifecycle_status not in allowed:
        raise Rejection(f"cannot {doing} an inquiry that is {status_name(state.lifecycle_status)}")


def require_lead_agency(state: State | None, actor: common_pb2.Actor, doing: str) -> None:
    """Only the agency the inquiry is assigned to may act on it as an agency.

    Checked before anything about the inquiry is looked at: anyone else hears the same reason
    whatever the inquiry's state, its assignee, or whether it exists."""
    if actor.role == common_pb2.ROLE_AGENCY and state is not None:
        if actor.id == state.agency_id:
            return
        if actor.id in state.co_handling_agency_ids:  # it sees the inquiry, and who leads it
            raise Rejection(f"{actor.id} co-handles this inquiry; only the lead agency "
                            f"{state.agency_id} may {doing}")
    raise Rejection(f"only the assigned agency may {doing}; {who(actor)} is not")


def is_submitter(state: State | None, actor: common_pb2.Actor) -> bool:
    submitter = state.submission.submitted_by if state is not None else None
    # An anonymous citizen has no id: one citizen cannot be told from another.
    return (submitter is not None and bool(submitter.id) and actor.role == submitter.role
            and actor.id == submitter.id)


def coordinates(actor: common_pb2.Actor, ctx: Context) -> bool:
    """Operators, the platform, and the coordinating office place and settle inquiries by hand."""
    if actor.role in _COORDINATING_ROLES:
        return True
    return (actor.role == common_pb2.ROLE_AGENCY
            and actor.id in ctx.router.directory.coordinating_offices())


def require_coordinating(actor: common_pb2.Actor, ctx: Context, doing: str) -> None:
    if not coordinates(actor, ctx):
        offices = ", ".join(ctx.router.directory.coordinating_offices())
        raise Rejection(f"only an operator or the coordinating office ({offices}) may {doing}; "
                        f"{who(actor)} may not")


def require_submitter_or_operator(state: State | None, actor: common_pb2.Actor, doing: str) -> None:
    if actor.role in _COORDINATING_ROLES or is_submitter(state, actor):
        return
    raise Rejection(f"only the submitter or an operator may {doing}; {who(actor)} may not")


def require_text(value: str, what: str) -> None:
    if not value.strip():
        raise Rejection(f"{what} is required")
