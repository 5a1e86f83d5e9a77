"""Whether a new webhook contract still holds every promise an old one made to receivers (0077).

A receiver written against the old schemas must accept whatever the new ones allow. Breaking: an
event type, field or definition that goes; a field no longer required; a value type, format or
pattern that widens or changes. Not breaking: new event types, new fields, new enum values
(receivers are told to accept values they do not know yet)."""

from __future__ import annotations

from typing import Any


def breaking_changes(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[str]:
    """What in `new` breaks receivers of `old` (schemas by event type), one line each."""
    found: list[str] = []
    for event_type, before in sorted(old.items()):
        if event_type not in new:
            found.append(f"{event_type}: the event type is gone")
        else:
            _compare(before, new[event_type], event_type, found)
    return found


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("type", [])
    return {kinds} if isinstance(kinds, str) else set(kinds)


def _compare(old: Any, new: Any, path: str, found: list[str]) -> None:
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            found.append(f"{path}: {old!r} became {new!r}")
        return
    if widened := _types(new) - _types(old):
        found.append(f"{path}: may now be {sorted(widened)}")
    for key in ("format", "pattern", "const", "$ref"):
        if old.get(key) != new.get(key):
            found.append(f"{path}: {key} {old.get(key)!r} became {new.get(key)!r}")
    for name in sorted(set(old.get("required", [])) - set(new.get("required", []))):
        found.append(f"{path}.{name}: no longer always present")
    for group in ("properties", "definitions"):
        for name, before in old.get(group, {}).items():
            if name not in new.get(group, {}):
                found.append(f"{path}.{name}: removed")
            else:
                _compare(before, new[group][name], f"{path}.{name}", found)
    for key in ("items", "additionalProperties"):
        if key in old and old[key] is not False:
            _compare(old[key], new.get(key, True), f"{path}[{key}]", found)
    for key in ("anyOf", "oneOf"):
        before_list, after_list = old.get(key, []), new.get(key, [])
        if len(after_list) > len(before_list):
            found.append(f"{path}: {key} has {len(after_list) - len(before_list)} more alternative(s)")
        for i, (before, after) in enumerate(zip(before_list, after_list, strict=False)):
            _compare(before, after, f"{path}|{i}", found)
