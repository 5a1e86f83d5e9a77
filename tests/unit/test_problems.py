"""citycomm_common.problems: every error a stream service answers is an RFC 9457 problem, documented so."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, FastAPI, HTTPException, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from citycomm_common import problems
from citycomm_common.problems import PROBLEM, responses


class Body(BaseModel):
    name: str = Field(max_length=10)


def app() -> FastAPI:
    router = APIRouter(max_body_size=1024)

    @router.get("/things/{thing_id}", responses=responses(401, 404, 422))
    async def thing(thing_id: str, limit: Annotated[int, Query(ge=1)] = 1) -> dict[str, str]:
        if thing_id == "secret":
            raise HTTPException(401, "a key is required", headers={"WWW-Authenticate": "Bearer"})
        if thing_id == "boom":
            raise RuntimeError("a bug")
        raise HTTPException(404, f"no thing {thing_id}")

    @router.post("/things", responses=responses(400, 413, 422))
    async def add(body: Body) -> dict[str, str]:
        return {"name": body.name}

    api = FastAPI()
    problems.install(api)
    api.include_router(router)
    return api


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app(), raise_server_exceptions=False)


def test_an_http_exception_is_a_problem_with_the_status_name_as_title(client: TestClient) -> None:
    found = client.get("/things/x")
    assert found.status_code == 404 and found.headers["content-type"] == PROBLEM
    assert found.json() == {"type": "about:blank", "title": "Not Found", "status": 404,
                            "detail": "no thing x"}
    secret = client.get("/things/secret")
    assert secret.status_code == 401 and secret.headers["www-authenticate"] == "Bearer"
    unknown = client.get("/nowhere")
    assert (unknown.status_code, unknown.headers["content-type"]) == (404, PROBLEM)


def test_validation_errors_name_each_field(client: TestClient) -> None:
    invalid = client.get("/things/x", params={"limit": 0})
    assert invalid.status_code == 422 and invalid.headers["content-type"] == PROBLEM
    body = invalid.json()
    assert (body["title"], body["status"]) == ("Invalid request", 422)
    assert [e["field"] for e in body["errors"]] == ["query.limit"] and body["errors"][0]["message_vi"]
    too_long = client.post("/things", json={"name": "x" * 11}).json()
    assert [e["field"] for e in too_long["errors"]] == ["name"]


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_routers_limit_is_a_problem(client: TestClient, chunked: bool) -> None:
    data = b'{"name": "' + b"x" * 4096 + b'"}'
    content = iter([data[:2048], data[2048:]]) if chunked else data
    refused = client.post("/things", content=content, headers={"content-type": "application/json"})
    assert refused.status_code == 413 and refused.headers["content-type"] == PROBLEM
    assert refused.json()["title"] == "Content Too Large"


def test_an_unexpected_error_is_a_problem_too(client: TestClient) -> None:
    failed = client.get("/things/boom")
    assert failed.status_code == 500 and failed.headers["content-type"] == PROBLEM


def test_the_openapi_documents_every_error_as_a_problem_only() -> None:
    schema = app().openapi()
    for path, item in schema["paths"].items():
        for operation in item.values():
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
            assert errors, path
            for response in errors.values():
                assert response["content"] == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert set(schema["paths"]["/things"]["post"]["responses"]) == {"200", "400", "413", "422"}
    assert {"title", "status"} <= set(schema["components"]["schemas"]["Problem"]["required"])
