"""An inquiry's lifecycle state (citycomm.v1.InquiryState, one per inquiry in routing's inquiry
table) and the one way a step changes it.

Statuses: assigned → acknowledged → answered | refused → closed; a transfer or an operator's
reassignment assigns again; a disputed answer is reopened, and settling the dispute closes it
(the answer stands) or assigns it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1.state_pb2 import InquiryState as State
from citycomm_common.codec import rfc3339

__all__ = ["ANSWERED", "OPEN", "REMEMBERED_COMMANDS", "State", "next_state"]

OPEN = ("assigned", "acknowledged", "reopened")
ANSWERED = ("answered", "refused")
# Enough to recognise any redelivery (they come within seconds), small enough to keep the
# table value small over a long life.
REMEMBERED_COMMANDS = 64


def next_state(state: State, command_id: str, now: datetime, **changes: Any) -> State:
    """A copy of `state` with `changes`, remembering the command (bounded)."""
    new = State()
    new.CopyFrom(state)
    for name, value in changes.items():
        if isinstance(value, Message):
            getattr(new, name).CopyFrom(value)
        elif isinstance(value, list | tuple):
            del getattr(new, name)[:]
            getattr(new, name).extend(value)
        else:
            setattr(new, name, value)
    remembered = [*new.applied_command_ids, command_id][-REMEMBERED_COMMANDS:]
    del new.applied_command_ids[:]
    new.applied_command_ids.extend(remembered)
    new.updated_at = rfc3339(now)
    return new
