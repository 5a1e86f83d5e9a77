"""OpenAPI documentation of the Open311 responses (the shapes of the GeoReport v2 schemas)."""

from __future__ import annotations

from typing import Any

_NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}
_ERROR = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
_REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"enum": ["open", "closed"]},
        "extended_status": {"type": "string"},
        "overdue": {"type": "boolean"},
        "service_code": {"type": "string"},
        "requested_datetime": {"type": "string"},
        "status_notes": _NULLABLE_STRING,
        "agency_responsible": _NULLABLE_STRING,
        "expected_datetime": _NULLABLE_STRING,
    },
}
_SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "metadata": {"type": "boolean"},
        "type": {"enum": ["realtime", "batch", "blackbox"]},
    },
}


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}, "text/xml": {"schema": {"type": "string"}}},
    }


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: _ok(_ERROR, "Open311 errors: [{code, description}]") for s in statuses}


ERRORS = _errors(400, 404)
DISCOVERY = {200: _ok({"type": "object", "required": ["endpoints"]}, "The discovery document"), **ERRORS}
SERVICES = {200: _ok({"type": "array", "items": _SERVICE}, "The services"), **_errors(400, 404)}
_CONSULTATION = {
    "type": "object",
    "required": ["consultation_id", "title", "closes_datetime", "comment_url", "page_url"],
    "description": "A draft open to the public for comment (CityComm extension, issue 20)",
}
CONSULTATIONS = {
    200: _ok({"type": "array", "items": _CONSULTATION}, "Consultations open to the public now"),
    **_errors(400, 404, 429, 503),
}
SERVICE_DEFINITION = {
    200: _ok({"type": "object", "required": ["service_code", "attributes"]}, "The definition"),
    **_errors(400, 404),
}
REQUESTS = {
    200: _ok({"type": "array", "items": _REQUEST}, "Service requests"),
    **_errors(400, 403, 404, 429, 503),
}
POST_BODY = {
    201: _ok(
        {"type": "array", "items": {"type": "object", "required": ["service_request_id"]}},
        "Recorded: the id is the tracking code",
    ),
    **_errors(400, 403, 404, 429, 503),
}
_FIELDS = [
    "api_key",
    "jurisdiction_id",
    "service_code",
    "description",
    "attribute[ward]",
    "attribute[title]",
    "address_id",
    "address_string",
    "lat",
    "long",
    "email",
    "first_name",
    "last_name",
    "phone",
    "device_id",
    "account_id",
    "media_url",
]
POST_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["api_key", "service_code", "description", "attribute[ward]"],
                    "properties": {name: {"type": "string", "maxLength": 4000} for name in _FIELDS},
                }
            }
        },
    }
}
