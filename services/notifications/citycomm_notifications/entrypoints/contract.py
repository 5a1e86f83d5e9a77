"""The webhook contract over HTTP, public: the AsyncAPI 3 document and each event type's JSON
Schema, byte for byte the files in contracts/webhooks/ (generated from the same proto)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Response

from citycomm_common.problems import responses
from citycomm_notifications.domain.asyncapi import document
from citycomm_notifications.domain.contract import EVENT_TYPES, schemas

ASYNCAPI_HEADER = "# Generated from proto/ by `python -m citycomm_dev.webhook_contract`: do not edit.\n"


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def asyncapi_text() -> str:
    return ASYNCAPI_HEADER + str(yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100))


def contract_files() -> dict[str, str]:
    """Each file of the contract, by its path under contracts/webhooks/."""
    return {"asyncapi.yaml": asyncapi_text(),
            **{f"schemas/{t}.json": schema_text(s) for t, s in schemas().items()}}


def contract_router() -> APIRouter:
    files = contract_files()
    router = APIRouter(prefix="/v1/webhooks/contract", tags=["webhook contract"])

    @router.get("/asyncapi.yaml", response_class=Response)
    async def asyncapi() -> Response:
        return Response(files["asyncapi.yaml"], media_type="application/yaml; charset=utf-8")

    @router.get("/schemas")
    async def event_types() -> list[str]:
        return sorted(EVENT_TYPES)

    @router.get("/schemas/{name}", response_class=Response, responses=responses(404))
    async def schema(name: str) -> Response:
        text = files.get(f"schemas/{name}")
        if text is None:
            raise HTTPException(404, f"no schema {name!r}: /v1/webhooks/contract/schemas lists the types")
        return Response(text, media_type="application/schema+json")

    return router
