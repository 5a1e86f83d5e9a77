"""Stable webhook payloads (decision 0076): every field present, enums by name, one time format."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2, webhooks_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_notifications.adapters.webhooks import body
from citycomm_notifications.domain.payloads import HEADLINES, fields, moment, payload


def test_unset_fields_are_present_as_null_empty_or_zero() -> None:
    data = fields(events_pb2.InquiryAssigned(inquiry_id="i-1", agency_id="so-y-te"))
    assert data["previous_agency_id"] is None and data["transfers"] == 0
    assert data["co_handling_agency_ids"] == [] and data["contact"] is None and data["kind"] is None
    assert data["assigned_at"] is None and data["deadline"] is None


def test_deprecated_fields_are_never_written_and_their_replacements_keep_their_names() -> None:
    data = fields(events_pb2.InquiryAssigned(
        assigned_time=to_timestamp(datetime(2026, 11, 2, 2, 0, 0, 123456, tzinfo=UTC)),
        deadline=common_pb2.Deadline(due_time=to_timestamp(datetime(2026, 11, 9, 17, tzinfo=UTC)))))
    assert "assigned_time" not in data and "due_time" not in data["deadline"]
    assert data["assigned_at"] == "2026-11-02T09:00:00+07:00"  # city offset, whole seconds
    assert data["deadline"] == {"policy_id": None, "legal_basis": None, "due_at": "2026-11-10T00:00:00+07:00"}


def test_enums_are_lowercase_names() -> None:
    data = fields(events_pb2.InquiryAssigned(
        kind=common_pb2.INQUIRY_KIND_MEDIA_ALERT,
        submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="trung-tam-bao-chi")))
    assert (data["kind"], data["submitted_by"]["role"]) == ("media_alert", "press_center")


def test_a_timestamp_of_our_own_messages_is_written_x_at() -> None:
    data = fields(webhooks_pb2.DailyDigest(generated_time=to_timestamp(datetime(2026, 1, 1, tzinfo=UTC))))
    assert data["generated_at"] == "2026-01-01T07:00:00+07:00" and "generated_time" not in data


def test_every_payload_has_a_headline_in_both_languages() -> None:
    data = payload("inquiry.reminder", webhooks_pb2.StageNotice(stage="reminder_half"), "reminder_half")
    assert data["headline"] == {"vi": "Đã qua một nửa thời gian xử lý",
                                "en": "Half of the allowed time has passed"}
    assert payload("inquiry.reminder", webhooks_pb2.StageNotice(), "a_new_stage")["headline"]["en"] == (
        "Deadline reminder")  # an unknown stage falls back to its type's headline
    assert all(vi and en and vi != en for vi, en in HEADLINES.values())


def test_the_envelope_timestamp_has_the_same_format() -> None:
    assert body("ping", datetime(2026, 1, 1, 0, 0, 0, 5, tzinfo=UTC), {}) == (
        '{"type":"ping","timestamp":"2026-01-01T07:00:00+07:00","data":{}}')
    assert moment(datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)) == "2026-07-01T06:59:59+07:00"
