"""Deprecated contract fields and their typed replacements: old records read like new ones, and
new records still carry what the previous release reads (citycomm_common.contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from hypothesis import given, settings
from hypothesis import strategies as st

from citycomm.v1 import (
    commands_pb2,
    common_pb2,
    directory_pb2,
    events_pb2,
    intake_pb2,
    notifications_pb2,
    reporting_pb2,
    state_pb2,
)
from citycomm_common.codec import decode, encode
from citycomm_common.contracts import (
    from_timestamp,
    parse,
    serialize,
    to_timestamp,
    upgrade,
    with_legacy,
)
from citycomm_common.vocabulary import CITY_ZONE

MODULES = (commands_pb2, common_pb2, directory_pb2, events_pb2, intake_pb2, notifications_pb2,
           reporting_pb2, state_pb2)
ICT = timezone(timedelta(hours=7))


def all_message_types() -> list[type[Message]]:
    found: list[type[Message]] = []

    def visit(cls: type[Message]) -> None:
        found.append(cls)
        for nested in cls.DESCRIPTOR.nested_types:
            if not nested.GetOptions().map_entry:
                visit(getattr(cls, nested.name))

    for module in MODULES:
        for name in module.DESCRIPTOR.message_types_by_name:
            visit(getattr(module, name))
    return found


@pytest.mark.parametrize("message_type", all_message_types(), ids=lambda t: t.DESCRIPTOR.full_name)
def test_every_deprecated_field_has_a_replacement_with_a_rule(message_type: type[Message]) -> None:
    for field in message_type.DESCRIPTOR.fields:
        if field.GetOptions().deprecated:
            assert field.name != "", field
    upgrade(message_type())  # raises TypeError for a replacement without a conversion rule
    with_legacy(message_type())


def test_no_contract_keeps_an_undeprecated_string_time() -> None:
    strays = [f"{t.DESCRIPTOR.full_name}.{f.name}" for t in all_message_types()
              for f in t.DESCRIPTOR.fields
              if f.type == f.TYPE_STRING and f.name.endswith("_at") and not f.GetOptions().deprecated]
    assert strays == []


def test_an_event_written_by_the_previous_release_reads_with_typed_times() -> None:
    old = events_pb2.InquiryAssigned(
        inquiry_id="i-1", assigned_at="2026-12-04T02:00:00Z",
        deadline=common_pb2.Deadline(policy_id="p", due_at="2026-12-11T17:00:00+07:00"))
    record = encode(old, source="/test", subject="i-1")
    message = decode(record.value, record.headers).message
    assert isinstance(message, events_pb2.InquiryAssigned)
    assert from_timestamp(message.assigned_time) == datetime(2026, 12, 4, 2, tzinfo=UTC)
    assert from_timestamp(message.deadline.due_time) == datetime(2026, 12, 11, 17, tzinfo=ICT)
    assert from_timestamp(message.deadline.due_time).utcoffset() == timedelta(hours=7)


def test_a_state_recorded_by_the_previous_release_reads_with_its_status_and_submission() -> None:
    old = state_pb2.InquiryState(
        inquiry_id="i-1", status="transfer_requested", assigned_at="2026-12-04T09:00:00+07:00",
        submission=commands_pb2.SubmitInquiry(received_at="2026-12-04T08:59:00+07:00"))
    state = parse(state_pb2.InquiryState, old.SerializeToString())
    assert state.lifecycle_status == common_pb2.LIFECYCLE_STATUS_TRANSFER_REQUESTED
    assert from_timestamp(state.assigned_time) == datetime(2026, 12, 4, 9, tzinfo=ICT)
    assert from_timestamp(state.submission.received_time) == datetime(2026, 12, 4, 8, 59, tzinfo=ICT)


def test_repeated_and_map_fields_are_upgraded_too() -> None:
    delivery = notifications_pb2.WebhookDelivery(
        state="dead", history=[notifications_pb2.DeliveryAttempt(at="2026-12-04T01:00:00Z"),
                               notifications_pb2.DeliveryAttempt(at="2026-12-04T01:05:00Z")])
    upgrade(delivery)
    assert delivery.delivery_state == notifications_pb2.DELIVERY_STATE_DEAD
    assert [from_timestamp(a.time).minute for a in delivery.history] == [0, 5]
    agency = directory_pb2.Agency(kind="ward", endpoints=[directory_pb2.WebhookEndpoint(
        secret_refs_until={"file:old": "2026-12-05T00:00:00+07:00"})],
        contacts=[directory_pb2.AgencyContact(role="spokesperson")])
    upgrade(agency)
    assert agency.agency_kind == directory_pb2.AGENCY_KIND_WARD
    assert agency.contacts[0].contact_role == directory_pb2.CONTACT_ROLE_SPOKESPERSON
    until = agency.endpoints[0].secret_refs_expire_time["file:old"]
    assert from_timestamp(until) == datetime(2026, 12, 5, tzinfo=ICT)


def test_a_new_record_carries_the_legacy_fields_for_the_previous_release() -> None:
    due = datetime(2026, 12, 11, 10, tzinfo=UTC)
    new = events_pb2.NoticeSent(inquiry_kind=common_pb2.INQUIRY_KIND_MEDIA_ALERT,
                                due_time=to_timestamp(due))
    old_reader = events_pb2.NoticeSent.FromString(serialize(new))  # no upgrade: as old code reads
    assert old_reader.kind == "media_alert"
    assert old_reader.due_at == "2026-12-11T17:00:00+07:00"
    assert datetime.fromisoformat(old_reader.due_at) == due
    state = with_legacy(state_pb2.InquiryState(lifecycle_status=common_pb2.LIFECYCLE_STATUS_CLOSED))
    assert state.status == "closed"


def test_the_replacement_wins_and_unreadable_legacy_values_stay_unset() -> None:
    both = events_pb2.InquiryClosed(closed_at="2020-01-01T00:00:00Z",
                                    closed_time=to_timestamp(datetime(2026, 1, 1, tzinfo=UTC)))
    assert from_timestamp(upgrade(both).closed_time).year == 2026
    garbage = state_pb2.InquiryState(status="no-such-status", updated_at="yesterday")
    upgrade(garbage)
    assert garbage.lifecycle_status == common_pb2.LIFECYCLE_STATUS_UNSPECIFIED
    assert not garbage.HasField("updated_time")


def test_times_come_back_in_the_city_zone() -> None:
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    back = from_timestamp(to_timestamp(moment))
    assert back == moment and back.tzinfo == CITY_ZONE and back.day == 5


@settings(max_examples=2000)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=st.sampled_from([UTC, CITY_ZONE, ICT, timezone(timedelta(hours=-11))])))
def test_conversions_agree_with_protobufs_own(moment: datetime) -> None:
    reference = Timestamp()
    reference.FromDatetime(moment.astimezone(UTC))
    stamp = to_timestamp(moment)
    assert (stamp.seconds, stamp.nanos) == (reference.seconds, reference.nanos)
    back = from_timestamp(stamp)
    # Compared in UTC: a local time in a repeated or skipped hour (the city's clocks changed in
    # 1945-1975) never compares equal across zones (PEP 495), though it is the same moment.
    assert back.astimezone(UTC) == moment.astimezone(UTC) == reference.ToDatetime(tzinfo=UTC)
    assert back.tzinfo is CITY_ZONE


def test_a_moment_timestamp_cannot_hold_or_without_a_zone_is_refused() -> None:
    with pytest.raises(OverflowError):
        to_timestamp(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))
    with pytest.raises(TypeError):
        to_timestamp(datetime(2026, 12, 4, 10, 0))  # naive: which 10:00?


def test_serializing_leaves_the_callers_message_as_it_was() -> None:
    new = events_pb2.InquiryClosed(closed_time=to_timestamp(datetime(2026, 1, 1, tzinfo=UTC)))
    data = serialize(new)
    assert new.closed_at == "" and events_pb2.InquiryClosed.FromString(data).closed_at


def test_the_legacy_shape_has_the_old_fields_only() -> None:
    from citycomm_common.contracts import legacy_only
    new = events_pb2.InquiryAssigned(
        assigned_time=to_timestamp(datetime(2026, 12, 4, 2, tzinfo=UTC)),
        deadline=common_pb2.Deadline(due_time=to_timestamp(datetime(2026, 12, 11, 10, tzinfo=UTC))))
    old = legacy_only(new)
    assert old.assigned_at == "2026-12-04T09:00:00+07:00" and not old.HasField("assigned_time")
    assert old.deadline.due_at == "2026-12-11T17:00:00+07:00" and not old.deadline.HasField("due_time")
    assert new.HasField("assigned_time") and new.assigned_at == ""


def test_a_legacy_time_beyond_the_calendar_leaves_the_replacement_unset() -> None:
    for text in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "not a time"):
        state = upgrade(state_pb2.InquiryState(updated_at=text))
        assert not state.HasField("updated_time"), text
    record = encode(events_pb2.InquiryClosed(closed_at="0001-01-01T00:00:00+14:00"),
                    source="/test", subject="i-1")
    assert not decode(record.value, record.headers).message.HasField("closed_time")


def test_a_record_read_changed_and_written_again_carries_no_stale_twin() -> None:
    old = state_pb2.InquiryState(status="assigned", updated_at="2026-12-01T00:00:00Z")
    state = parse(state_pb2.InquiryState, old.SerializeToString())
    state.lifecycle_status = common_pb2.LIFECYCLE_STATUS_ANSWERED
    state.updated_time.CopyFrom(to_timestamp(datetime(2026, 12, 4, tzinfo=UTC)))
    as_old_code_reads = state_pb2.InquiryState.FromString(serialize(state))
    assert as_old_code_reads.status == "answered"
    assert as_old_code_reads.updated_at == "2026-12-04T07:00:00+07:00"
    from citycomm_common.contracts import legacy_only
    assert legacy_only(state).status == "answered"


def test_only_a_short_name_is_read_as_an_enum() -> None:
    for text in ("ANSWERED", "LIFECYCLE_STATUS_ANSWERED", "open"):
        state = upgrade(state_pb2.InquiryState(status=text))
        assert (state.lifecycle_status, state.status) == (common_pb2.LIFECYCLE_STATUS_UNSPECIFIED, text)
    state = upgrade(state_pb2.InquiryState(status="answered"))
    assert (state.lifecycle_status, state.status) == (common_pb2.LIFECYCLE_STATUS_ANSWERED, "")
