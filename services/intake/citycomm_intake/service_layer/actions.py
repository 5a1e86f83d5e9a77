"""Actions on an inquiry (an agency's, or oversight's) and routing's decision on any command."""

from __future__ import annotations

import asyncio
import uuid

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm_common.clock import Clock
from citycomm_common.codec import derived_id
from citycomm_common.directory_feed import DirectorySource
from citycomm_intake.domain import access
from citycomm_intake.domain.commands import Action, action_command
from citycomm_intake.domain.errors import NotFound, Unauthenticated, Unavailable
from citycomm_intake.domain.principals import Principal
from citycomm_intake.service_layer.ports import Publisher, Reporting, ReportingUnavailable, publish, read

REJECTED = common_pb2.COMMAND_OUTCOME_STATE_REJECTED
DECIDED = {common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED, REJECTED}
NOT_VISIBLE = (
    "Không có yêu cầu nào với mã này được giao cho bạn / no inquiry with this id is yours to act on"
)


def not_visible(found: reporting_pb2.CommandOutcome) -> reporting_pb2.CommandOutcome:
    """A rejection as told to a caller who may not see its inquiry: nothing of routing's reason."""
    return reporting_pb2.CommandOutcome(
        command_id=found.command_id, outcome_state=REJECTED, reason=NOT_VISIBLE,
        event_type=found.event_type, inquiry_id=found.inquiry_id,
    )


class Actions:
    def __init__(
        self,
        *,
        publisher: Publisher,
        reporting: Reporting,
        directory: DirectorySource,
        clock: Clock,
        retry_after: int = 5,
    ) -> None:
        self.publisher, self.reporting, self.directory, self.clock = publisher, reporting, directory, clock
        self.retry_after = retry_after

    async def act(
        self, principal: Principal, inquiry: str, action: Action, idempotency_key: str | None
    ) -> str:
        """Record an action on an inquiry if the caller's role may ask for it; routing accepts or
        rejects it. Returns the command id."""
        access.authorise_action(principal, action, self._coordinating_offices)
        name = type(action).__name__
        command_id = (
            derived_id(principal.scope, idempotency_key, name, inquiry)
            if idempotency_key
            else str(uuid.uuid4())
        )
        command = action_command(
            action, command_id=command_id, inquiry=inquiry, actor=principal.actor(), issued=self.clock.now()
        )
        await publish(self.publisher, command, self.retry_after)
        return command_id

    def _coordinating_offices(self) -> tuple[str, ...]:
        if not self.directory.is_loaded():
            raise Unavailable(
                "The agency directory is still being read; retry with the same Idempotency-Key.",
                "Hệ thống đang nạp danh bạ cơ quan; vui lòng thử lại với cùng Idempotency-Key.",
                retry_after=self.retry_after,
            )
        return self.directory.live().coordinating_offices()

    def _known_coordinating_offices(self) -> tuple[str, ...]:
        """For what to show: none until the directory is read (the caller sees its own only)."""
        return self.directory.live().coordinating_offices() if self.directory.is_loaded() else ()

    async def outcome(self, principal: Principal, command_id: str) -> reporting_pb2.CommandOutcome:
        if principal.anonymous:
            raise Unauthenticated("An API key is required.", "Cần có khóa API.")
        found = await read(self.reporting.outcome(command_id), self.retry_after)
        # An outcome names its inquiry and why routing decided: only those who may see the
        # inquiry may see it, and others get the same answer as for an unknown command.
        if found is None or not await self._may_see(principal, found.inquiry_id):
            raise NotFound("No command has this id (yet).", "Không tìm thấy lệnh này.")
        return found

    async def _may_see(self, principal: Principal, inquiry: str) -> bool:
        if access.oversees(principal, self._known_coordinating_offices):  # acts on every inquiry
            return True
        found = await read(self.reporting.inquiry(inquiry_id=inquiry), self.retry_after) if inquiry else None
        return found is not None and access.may_see(principal, found)

    async def wait_for_action_outcome(
        self, principal: Principal, command_id: str, seconds: float
    ) -> reporting_pb2.CommandOutcome | None:
        """Routing's decision on an agency's own action, within `seconds` (Prefer: wait=N).

        A rejection's reason can name the inquiry's agency ("assigned to so-xay-dung"): a caller
        who may not see the inquiry gets one answer, whether it is another agency's or does not
        exist. An acceptance needs no check: routing accepts only the agency it is assigned to."""
        found = await self.wait_for_outcome(command_id, seconds)
        if found is None or found.outcome_state != REJECTED:
            return found
        try:
            visible = await self._may_see(principal, found.inquiry_id)
        except Unavailable:
            return None  # undecided for the caller, who can ask GET /v1/commands/{id} later
        return found if visible else not_visible(found)

    async def wait_for_outcome(self, command_id: str, seconds: float) -> reporting_pb2.CommandOutcome | None:
        """Poll the read model until the command is decided or the time is up (Prefer: wait=N)."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            try:
                found = await self.reporting.outcome(command_id)
            except ReportingUnavailable:
                found = None
            if found is not None and found.outcome_state in DECIDED:
                return found
            if asyncio.get_running_loop().time() >= deadline:
                return found
            await asyncio.sleep(0.2)
