"""The AsyncAPI 3 document of the webhooks: one message per event type, its payload the event
type's JSON Schema (schemas/<type>.json beside the document, in the repository and over HTTP)."""

from __future__ import annotations

from typing import Any

from citycomm_notifications.domain.contract import CONTRACT_VERSION, EVENT_TYPES
from citycomm_notifications.domain.payloads import HEADLINES

_HEADERS = {
    "type": "object", "required": ["webhook-id", "webhook-timestamp", "webhook-signature"],
    "properties": {
        "webhook-id": {"type": "string",
                       "description": "Deduplicate on it: the same on every retry and replay."},
        "webhook-timestamp": {"type": "string", "pattern": "^[0-9]+$",
                              "description": "Unix seconds of this attempt; refuse one far from your clock."},
        "webhook-signature": {"type": "string", "description": (
            "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per current secret "
            "(several during a rotation): Standard Webhooks.")},
    },
}


def message_name(event_type: str) -> str:
    return event_type.replace(".", "_")


def document() -> dict[str, Any]:
    names = {t: message_name(t) for t in sorted(EVENT_TYPES)}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "CityComm webhooks", "version": CONTRACT_VERSION,
            "description": ("What CityComm sends to agencies, press agencies and the Press Center: "
                            "Standard Webhooks over HTTPS POST to each agency's endpoint. "
                            "Guide: docs/webhooks.md."),
        },
        "defaultContentType": "application/json",
        "channels": {"agencyEndpoint": {
            "address": None,  # each agency's own URL, from the directory
            "description": "The agency's webhook endpoint URL (set by the agency or an operator).",
            "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in names.values()},
        }},
        "operations": {"sendWebhook": {
            "action": "send", "channel": {"$ref": "#/channels/agencyEndpoint"},
            "summary": "CityComm POSTs one message per webhook; answer 2xx quickly.",
            "messages": [{"$ref": f"#/channels/agencyEndpoint/messages/{n}"} for n in names.values()],
        }},
        "components": {"messages": {name: {
            "name": event_type, "title": HEADLINES[event_type][1], "summary": HEADLINES[event_type][0],
            "contentType": "application/json", "headers": _HEADERS,
            "payload": {"$ref": f"schemas/{event_type}.json"},
        } for event_type, name in names.items()}},
    }
