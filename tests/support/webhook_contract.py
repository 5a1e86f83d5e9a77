"""Checks a webhook body against the committed contract (contracts/webhooks/schemas/<type>.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

SCHEMAS = Path(__file__).resolve().parents[2] / "contracts" / "webhooks" / "schemas"


@cache
def validator(event_type: str) -> Draft7Validator:
    path = SCHEMAS / f"{event_type}.json"
    return Draft7Validator(json.loads(path.read_text(encoding="utf-8")), format_checker=FormatChecker())


def violations(body: bytes | str | dict[str, Any]) -> list[str]:
    """Why this webhook body breaks its type's schema (no schema for its type is a violation too)."""
    message = body if isinstance(body, dict) else json.loads(body)
    event_type = message.get("type", "")
    if not (SCHEMAS / f"{event_type}.json").exists():
        return [f"no schema for type {event_type!r}"]
    return [f"{event_type} {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(event_type).iter_errors(message)]
