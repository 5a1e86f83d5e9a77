"""Intake on fakes: an in-memory publisher, read model and key store, a broker that answers, and
`container()`, intake's container built on them (the directory files alone, as if
directory.agencies held nothing more)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, reporting_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import load_directory
from citycomm_common.directory_feed import FixedDirectory
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_intake import bootstrap
from citycomm_intake.adapters.attachment_store import Stored
from citycomm_intake.domain.principals import Principal, Role
from citycomm_intake.service_layer.ports import BrokerUnavailable, ReportingUnavailable
from citycomm_intake.settings import IntakeSettings

DUE = datetime(2026, 3, 20, 17, tzinfo=CITY_ZONE)  # every projected inquiry's deadline


class FakePublisher:
    """`down`: nothing is recorded; `lands_late`: the produce times out yet the record lands (a
    frozen broker that thaws with the request still in the producer's hands)."""

    def __init__(self) -> None:
        self.commands: list[Message] = []
        self.down = False
        self.lands_late = False

    async def publish(self, command: Message) -> None:
        if self.lands_late:
            self.commands.append(command)
        if self.down or self.lands_late:
            raise BrokerUnavailable("the broker is down (fake)")
        self.commands.append(command)


class FakeReporting:
    """Answers like reporting's read model (in the typed fields only, so that reading a deprecated
    one shows); `project` plays routing's part for a submission."""

    def __init__(self) -> None:
        self.inquiries_by_id: dict[str, reporting_pb2.InquiryStatus] = {}
        self.outcomes: dict[str, reporting_pb2.CommandOutcome] = {}
        self.open_consultations: list[reporting_pb2.ListedConsultation] = []  # issue 20
        self.decide_every: reporting_pb2.CommandOutcome | None = None  # each command's outcome, if set
        self.down = False

    def project(
        self,
        command: commands_pb2.SubmitInquiry,
        agency_id: str,
        status: common_pb2.LifecycleStatus = common_pb2.LIFECYCLE_STATUS_ASSIGNED,
    ) -> None:
        self.inquiries_by_id[command.inquiry_id] = reporting_pb2.InquiryStatus(
            inquiry_id=command.inquiry_id,
            tracking_code=command.tracking_code,
            kind=command.kind,
            lifecycle_status=status,
            agency_id=agency_id,
            received_time=command.received_time,
            updated_time=command.received_time,
            category=command.category,
            ward_code=command.ward_code,
            title=command.title,
            submitted_by=command.submitted_by,
            due_time=to_timestamp(DUE),
            location=command.location if command.HasField("location") else None,
            media_url=next((a.media_url for a in command.attachments if a.media_url), ""),
        )

    def _check(self) -> None:
        if self.down:
            raise ReportingUnavailable("reporting is down (fake)")

    async def inquiry(
        self, *, inquiry_id: str = "", tracking_code: str = ""
    ) -> reporting_pb2.InquiryStatus | None:
        self._check()
        if inquiry_id:
            return self.inquiries_by_id.get(inquiry_id)
        return next((s for s in self.inquiries_by_id.values() if s.tracking_code == tracking_code), None)

    async def inquiries(
        self, request: reporting_pb2.ListInquiriesRequest
    ) -> reporting_pb2.ListInquiriesResponse:
        self._check()
        found = [
            s
            for s in self.inquiries_by_id.values()
            if (not request.agency_id or s.agency_id == request.agency_id)
            and (not request.submitter_id or s.submitted_by.id == request.submitter_id)
            and (not request.lifecycle_status or s.lifecycle_status == request.lifecycle_status)
            and (not request.category or s.category == request.category)
            and (not request.inquiry_kind or s.kind == request.inquiry_kind)
        ]
        start = int(request.page_token or 0)
        size = request.page_size or 50
        page = found[start : start + size]
        more = str(start + size) if start + size < len(found) else ""
        return reporting_pb2.ListInquiriesResponse(inquiries=page, next_page_token=more)

    async def outcome(self, command_id: str) -> reporting_pb2.CommandOutcome | None:
        self._check()
        if command_id not in self.outcomes and self.decide_every is not None:
            decided = reporting_pb2.CommandOutcome()
            decided.CopyFrom(self.decide_every)
            decided.command_id = command_id
            return decided
        return self.outcomes.get(command_id)

    async def consultations(
        self, request: reporting_pb2.ListConsultationsRequest
    ) -> reporting_pb2.ListConsultationsResponse:
        self._check()
        found = [c for c in self.open_consultations
                 if (not request.audience or request.audience in c.audiences)
                 and (not request.drafting_agency_id or c.drafting_agency_id == request.drafting_agency_id)]
        return reporting_pb2.ListConsultationsResponse(consultations=found[: request.page_size or 200])


class MemoryKeys:
    def __init__(self) -> None:
        self.keys: dict[str, Principal] = {}
        self.first_use: dict[tuple[str, str], str] = {}
        self.down = False  # the key database does not answer

    def issue(self, role: Role, party_id: str = "") -> str:
        key = f"cck_{secrets.token_hex(6)}_{secrets.token_urlsafe(16)}"
        self.keys[key] = Principal(role, party_id, key[4:16])
        return key

    async def authenticate(self, presented: str) -> Principal | None:
        return self.keys.get(presented)

    async def remember(self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: Any) -> str:
        if self.down:
            raise ConnectionError("the key database is down (fake)")
        return self.first_use.setdefault((scope, key), fingerprint)

    async def purge_idempotency_keys(self, before: datetime, limit: int) -> int:
        return 0  # nothing here outlives a test

    async def ping(self) -> bool:
        return not self.down


class ReachableBroker:
    reachable = True


class MemoryAttachments:
    """The attachment store in memory: what was stored, by key (no presigned links: intake serves)."""

    def __init__(self) -> None:
        self.objects: dict[str, Stored] = {}

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key] = Stored(data, content_type)

    async def get(self, key: str) -> Stored | None:
        return self.objects.get(key)

    async def content_type(self, key: str) -> str | None:
        found = self.objects.get(key)
        return found.content_type if found else None

    async def presigned(self, key: str, disposition: str, seconds: int) -> str | None:
        return None


def container(settings: IntakeSettings | None = None, **given: Any) -> bootstrap.Container:
    """`bootstrap.build` with a fake for each edge not given (`publisher=`, `keys=`, `clock=`, …)."""
    settings = settings or IntakeSettings()
    fakes: dict[str, Any] = {
        "publisher": FakePublisher(),
        "reporting": FakeReporting(),
        "keys": MemoryKeys(),
        "directory": FixedDirectory(load_directory(settings.config_dir / "directory.yaml")),
        "broker": ReachableBroker(),
        "attachment_store": MemoryAttachments(),
    }
    return bootstrap.build(settings, **(fakes | given))
