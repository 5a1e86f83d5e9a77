"""A listing's status and kind filters: named in URLs (`assigned`), carried as the contracts' enums."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from citycomm_common.vocabulary import enum_name, short_name_value

E = TypeVar("E", bound=int)


def by_name(enum_type: type[E], name: str) -> E | None:
    """The value `name` is the short name of; 0 (no filter) for ""; None if no value has that name,
    which matches no inquiry, as reporting answered such a filter when it compared names."""
    if not name:
        return cast(E, 0)
    return short_name_value(enum_type, name) or None


def is_known(enum_type: Any, value: int) -> bool:
    """No filter (0) or a value of this release; a newer value matches no inquiry we know of."""
    return not value or bool(enum_name(enum_type, value))
