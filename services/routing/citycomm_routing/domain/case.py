"""What an assignment tells the agency about the case: who asked and the kind's own details."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import Agency, AgencyKind, Directory
from citycomm_common.text import fold

_PRESS = (AgencyKind.PRESS_AGENCY, AgencyKind.PRESS_CENTER)


def details(attributes: Mapping[str, str]) -> common_pb2.InquiryDetails:
    """The submission's attributes, typed: flags from "true", URL lists from their lines, the
    moment a media alert's news appeared from its RFC 3339 text."""
    def flag(name: str) -> bool:
        return attributes.get(name, "").lower() == "true"

    def lines(name: str) -> list[str]:
        return [u for u in attributes.get(name, "").split("\n") if u]

    return common_pb2.InquiryDetails(
        briefing_date=attributes.get("briefing_date", ""), answer_on_press=flag("answer_on_press"),
        petition_follow_up=flag("petition_follow_up"), links=lines("links"),
        source_urls=lines("source_urls"), event_time=_moment(attributes.get("event_at", "")),
        urgent=flag("urgent"), channel=attributes.get("channel", ""),
        complexity=attributes.get("complexity", ""))


def _moment(text: str) -> Timestamp | None:
    """An attribute's RFC 3339 time (intake writes event_at so); None when absent or unreadable."""
    try:
        moment = datetime.fromisoformat(text)
        return to_timestamp(moment) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):  # not a time, or beyond year 1..9999 in UTC
        return None


def asker(submission: commands_pb2.SubmitInquiry, directory: Directory) -> common_pb2.Asker:
    """The press agency that asked, named as the directory names it, and its journalist.

    A briefing question is submitted by the Press Center for the paper that asked it (`asked_by`,
    an id or a name); citizens get no asker: who they are is personal data, in the contact only.
    """
    submitter = submission.submitted_by
    if submitter.role == common_pb2.ROLE_CITIZEN or not submitter.id:
        return common_pb2.Asker()
    journalist = submission.attributes.get("journalist", "")
    named = submission.attributes.get("asked_by", "")
    if submission.kind == common_pb2.INQUIRY_KIND_BRIEFING_QUESTION and named:
        paper = _press_agency(directory, named)
        if paper is None:
            return common_pb2.Asker(party_name=named, journalist=journalist)
        return common_pb2.Asker(party_id=paper.id, party_name=paper.name, journalist=journalist)
    try:
        name = directory.get(submitter.id).name
    except LookupError:
        name = ""
    return common_pb2.Asker(party_id=submitter.id, party_name=name, journalist=journalist)


def _press_agency(directory: Directory, named: str) -> Agency | None:
    """The press agency `named` designates by id, name or short name (accents and case aside)."""
    wanted = fold(named)
    for agency in directory.agencies:
        if agency.kind in _PRESS and wanted in (agency.id, fold(agency.name), fold(agency.short_name)):
            return agency
    return None
