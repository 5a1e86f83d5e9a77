"""The webhook contract (decision 0077): schemas generated from the proto describe exactly what the
renderer writes, the committed contract is current, and a change that breaks receivers is caught."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from jsonschema import Draft7Validator

from citycomm_common import problems
from citycomm_common.contracts import to_timestamp
from citycomm_dev import webhook_contract
from citycomm_notifications.adapters.webhooks import body
from citycomm_notifications.domain.compatibility import breaking_changes
from citycomm_notifications.domain.contract import EVENT_TYPES, schemas
from citycomm_notifications.domain.payloads import TIMESTAMP, payload
from citycomm_notifications.entrypoints.contract import contract_router
from tests.support.webhook_contract import violations

MOMENT = datetime(2026, 12, 4, 9, 30, 15, 250000, tzinfo=UTC)


def filled(message: Message, depth: int = 0) -> Message:
    """Every field of the message set (lists of two, the last enum value, nested messages too)."""
    for field in message.DESCRIPTOR.fields:
        if field.GetOptions().deprecated:
            continue
        target = getattr(message, field.name)
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            target["k"] = "v"
        elif field.message_type is not None and field.message_type.full_name == TIMESTAMP:
            (target.add() if field.is_repeated else target).CopyFrom(to_timestamp(MOMENT))
        elif field.message_type is not None:
            if depth < 3:
                filled(target.add() if field.is_repeated else target, depth + 1)
        elif field.is_repeated:
            target.extend([_scalar(field)] * 2)
        else:
            setattr(message, field.name, _scalar(field))
    return message


def _scalar(field: Any) -> Any:
    if field.enum_type is not None:
        return field.enum_type.values[-1].number
    return {FieldDescriptor.TYPE_STRING: "chữ", FieldDescriptor.TYPE_BOOL: True,
            FieldDescriptor.TYPE_DOUBLE: 1.5, FieldDescriptor.TYPE_BYTES: b"x"}.get(field.type, 7)


def rendered(event_type: str, message: Message) -> dict[str, Any]:
    data = payload(event_type, message)
    if event_type == "inquiry.assigned":
        data["co_handling"] = False
    message_body: dict[str, Any] = json.loads(body(event_type, MOMENT, data))
    return message_body


CASES = [(t, m) for t, (messages, _) in sorted(EVENT_TYPES.items()) for m in messages]


@pytest.mark.parametrize(("event_type", "message_type"), CASES, ids=[f"{t}-{m.__name__}" for t, m in CASES])
def test_what_the_renderer_writes_fits_the_schema_empty_or_full(event_type: str, message_type: Any) -> None:
    for message in (message_type(), filled(message_type())):
        assert violations(rendered(event_type, message)) == []


def test_the_schemas_are_strict_about_what_they_promise() -> None:
    message = rendered("inquiry.assigned", filled(EVENT_TYPES["inquiry.assigned"][0][0]()))
    gone = copy.deepcopy(message)
    del gone["data"]["transfers"]
    utc = copy.deepcopy(message)
    utc["data"]["assigned_at"] = "2026-12-04T02:30:15Z"
    shouting = copy.deepcopy(message)
    shouting["data"]["kind"] = "INQUIRY_KIND_PRESS_REQUEST"
    for broken, why in ((gone, "'transfers' is a required property"), (utc, "does not match"),
                        (shouting, "is not one of")):
        assert any(why in v for v in violations(broken)), (why, violations(broken))
    assert violations({"type": "no.such.type", "data": {}}) == ["no schema for type 'no.such.type'"]


def test_every_schema_is_valid_draft_7() -> None:
    for schema in schemas().values():
        Draft7Validator.check_schema(schema)


def test_the_committed_contract_is_current_and_compatible() -> None:
    assert breaking_changes(webhook_contract.committed_schemas(), schemas()) == []
    assert webhook_contract.committed() == webhook_contract.generated(), (
        "contracts/webhooks/ is stale: run python -m citycomm_dev.webhook_contract")
    assert webhook_contract.main(["--check"]) == 0


def test_changes_that_break_receivers_are_named_and_additions_are_not() -> None:
    old = schemas()
    new = copy.deepcopy(old)
    assigned = new["inquiry.assigned"]["properties"]["data"]
    del assigned["properties"]["transfers"]
    assigned["required"].remove("transfers")
    assigned["properties"]["title"]["type"] = ["string", "null", "integer"]
    new["inquiry.assigned"]["definitions"]["citycomm.v1.Deadline"]["properties"]["due_at"]["pattern"] = ".*"
    del new["ping"]
    found = breaking_changes(old, new)
    assert found[:3] == ["inquiry.assigned.data.transfers: no longer always present",
                         "inquiry.assigned.data.title: may now be ['integer']",
                         "inquiry.assigned.data.transfers: removed"]
    assert found[3].startswith("inquiry.assigned.citycomm.v1.Deadline.due_at: pattern ")
    assert found[4:] == ["ping: the event type is gone"]
    added = copy.deepcopy(old)
    added["inquiry.assigned"]["properties"]["data"]["properties"]["new_field"] = {"type": "string"}
    added["inquiry.assigned"]["properties"]["data"]["required"].append("new_field")
    added["inquiry.assigned"]["properties"]["data"]["properties"]["kind"]["enum"].insert(0, "new_kind")
    added["brand.new"] = old["ping"]
    assert breaking_changes(old, added) == []


def test_notifications_serves_the_committed_files() -> None:
    api = FastAPI()
    problems.install(api)
    api.include_router(contract_router())
    client = TestClient(api)
    files = webhook_contract.committed()
    answer = client.get("/v1/webhooks/contract/asyncapi.yaml")
    assert answer.status_code == 200 and answer.text == files["asyncapi.yaml"]
    assert yaml.safe_load(answer.text)["asyncapi"] == "3.0.0"
    assert client.get("/v1/webhooks/contract/schemas").json() == sorted(EVENT_TYPES)
    for event_type in EVENT_TYPES:
        answer = client.get(f"/v1/webhooks/contract/schemas/{event_type}.json")
        assert answer.text == files[f"schemas/{event_type}.json"]
    missing = client.get("/v1/webhooks/contract/schemas/nothing.json")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_the_asyncapi_document_names_a_message_and_a_schema_per_event_type() -> None:
    document = yaml.safe_load(webhook_contract.committed()["asyncapi.yaml"])
    messages = document["components"]["messages"]
    assert sorted(m["name"] for m in messages.values()) == sorted(EVENT_TYPES)
    for message in messages.values():
        assert message["payload"]["$ref"] in {f"schemas/{t}.json" for t in EVENT_TYPES}
    sent = {m["$ref"].rsplit("/", 1)[1] for m in document["operations"]["sendWebhook"]["messages"]}
    assert sent == set(messages) == set(document["channels"]["agencyEndpoint"]["messages"])
