"""The words every service shares: the city's time zone and the names of the contracts' enums.

Contracts carry kinds, roles and statuses as proto enums (`INQUIRY_KIND_PRESS_REQUEST`); people,
URLs, JSON payloads and the read model use their short lowercase names (`press_request`). These
two functions are the only translation between the two, in both directions.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

CITY_ZONE_NAME = "Asia/Ho_Chi_Minh"
CITY_ZONE = ZoneInfo(CITY_ZONE_NAME)  # UTC+7 all year: Vietnam keeps no daylight saving time

# A generated enum type (`common_pb2.InquiryKind`): an int subclass in the stubs, a wrapper at run time.
E = TypeVar("E", bound=int)


def _prefix(enum_type: Any) -> str:
    # proto style: every value is prefixed with the enum's name, and value 0 is <PREFIX>UNSPECIFIED
    return str(enum_type.DESCRIPTOR.values[0].name).removesuffix("UNSPECIFIED")


@cache  # one table per generated enum type: a handful in all
def _short_names(enum_type: Any) -> dict[int, str]:
    prefix = _prefix(enum_type)
    return {v.number: v.name.removeprefix(prefix).lower() for v in enum_type.DESCRIPTOR.values}


def enum_name(enum_type: Any, value: int) -> str:
    """`press_request` for INQUIRY_KIND_PRESS_REQUEST; "" for unspecified or unknown values (a value
    newer than this code: unknown, as proto3 keeps it)."""
    return _short_names(enum_type).get(value, "") if value else ""


def enum_value(enum_type: type[E], name: str | None) -> E:
    """The value named `name` (`press_request`, or the full `INQUIRY_KIND_PRESS_REQUEST`); 0 if none."""
    wrapper: Any = enum_type
    if not name:
        return cast(E, 0)
    prefix = _prefix(wrapper)
    full = name.upper() if name.upper().startswith(prefix) else prefix + name.upper()
    try:
        return cast(E, wrapper.Value(full))
    except ValueError:
        return cast(E, 0)


def short_name_value(enum_type: type[E], name: str) -> E:
    """The value whose short name is exactly `name` (`answered`); 0 for any other text
    (`ANSWERED`, `open`): what contracts and filters wrote as text were always short names."""
    value = enum_value(enum_type, name)
    return value if value and enum_name(enum_type, value) == name else cast(E, 0)
