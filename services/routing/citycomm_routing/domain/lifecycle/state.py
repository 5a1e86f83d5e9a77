"""An inquiry's lifecycle state (citycomm.v1.InquiryState, one per inquiry in routing's inquiry
table) and the one way a step changes it.

Statuses (citycomm.v1.LifecycleStatus): assigned → acknowledged → answered | refused → closed; a
transfer or an operator's reassignment assigns again; a disputed answer is reopened, and settling
the dispute closes it (the answer stands) or assigns it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm.v1.state_pb2 import InquiryState as State
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import enum_name

__all__ = ["ANSWERED", "OPEN", "REMEMBERED_COMMANDS", "State", "Status", "next_state",
           "status_name"]

Status = common_pb2.LifecycleStatus
OPEN: tuple[Status, ...] = (common_pb2.LIFECYCLE_STATUS_ASSIGNED,
                            common_pb2.LIFECYCLE_STATUS_ACKNOWLEDGED,
                            common_pb2.LIFECYCLE_STATUS_REOPENED)
ANSWERED: tuple[Status, ...] = (common_pb2.LIFECYCLE_STATUS_ANSWERED,
                                common_pb2.LIFECYCLE_STATUS_REFUSED)
# Enough to recognise any redelivery (they come within seconds), small enough to keep the
# table value small over a long life.
REMEMBERED_COMMANDS = 64


def status_name(status: Status) -> str:
    """`acknowledged` for LIFECYCLE_STATUS_ACKNOWLEDGED, as rejection reasons name it."""
    return enum_name(Status, status)


def next_state(state: State, command_id: str, now: datetime, *, status: Status | None = None,
               **changes: Any) -> State:
    """A copy of `state` in `status` (None: unchanged) with `changes`, remembering the command
    (bounded). A change to None clears that field."""
    new = State()
    new.CopyFrom(state)
    if status is not None:
        new.lifecycle_status = status
    for name, value in changes.items():
        if value is None:
            new.ClearField(name)
        elif isinstance(value, Message):
            getattr(new, name).CopyFrom(value)
        elif isinstance(value, list | tuple):
            del getattr(new, name)[:]
            getattr(new, name).extend(value)
        else:
            setattr(new, name, value)
    remembered = [*new.applied_command_ids, command_id][-REMEMBERED_COMMANDS:]
    del new.applied_command_ids[:]
    new.applied_command_ids.extend(remembered)
    new.updated_time.CopyFrom(to_timestamp(now))
    return new
