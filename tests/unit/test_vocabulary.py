"""The one translation between the contracts' enums and their short names, and the city's zone."""

from datetime import datetime, timedelta

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import CITY_ZONE, enum_name, enum_value


def test_every_kind_and_role_goes_to_its_short_name_and_back() -> None:
    for enum_type, prefix in ((common_pb2.InquiryKind, "INQUIRY_KIND_"), (common_pb2.Role, "ROLE_"),
                              (common_pb2.DisputeResolution, "DISPUTE_RESOLUTION_")):
        for full, value in enum_type.items():
            name = enum_name(enum_type, value)
            if value == 0:
                assert name == ""
                continue
            assert name == full.removeprefix(prefix).lower()
            assert enum_value(enum_type, name) == value
            assert enum_value(enum_type, full) == value


def test_unknown_and_empty_names_are_unspecified() -> None:
    assert enum_name(common_pb2.InquiryKind, 0) == ""
    assert enum_name(common_pb2.InquiryKind, 999) == ""  # a value from a newer producer
    assert enum_value(common_pb2.InquiryKind, "") == 0
    assert enum_value(common_pb2.InquiryKind, None) == 0
    assert enum_value(common_pb2.InquiryKind, "no_such_kind") == 0
    assert enum_name(common_pb2.Role, common_pb2.ROLE_PRESS_AGENCY) == "press_agency"


def test_the_city_keeps_utc_plus_seven_all_year() -> None:
    for month in (1, 7):
        assert datetime(2026, month, 1, tzinfo=CITY_ZONE).utcoffset() == timedelta(hours=7)


def test_only_an_exact_short_name_names_a_value() -> None:
    from citycomm_common.vocabulary import short_name_value
    assert short_name_value(common_pb2.InquiryKind, "press_request") == common_pb2.INQUIRY_KIND_PRESS_REQUEST
    for text in ("PRESS_REQUEST", "INQUIRY_KIND_PRESS_REQUEST", "press", ""):
        assert short_name_value(common_pb2.InquiryKind, text) == 0
