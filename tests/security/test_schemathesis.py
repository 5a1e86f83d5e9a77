"""schemathesis over routing's and reporting's OpenAPI, served by the real processes, as an operator
and as a scoped caller: no server error, no response outside the schema. Examples are bounded so
the folder stays fast; intake's own run is tests/unit/test_intake_schemathesis.py."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from citycomm_common import problems
from citycomm_common.clock import FakeClock
from citycomm_reporting.entrypoints.routes import routers
from citycomm_routing.entrypoints.deadlines_api import deadlines_router
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.directory_self_service_api import directory_self_service_router
from citycomm_routing.entrypoints.explain_api import explain_router
from tests.security.conftest import OPERATOR_TOKEN, ROUTING_KEY, SCOPED_TOKENS, Platform
from tests.support import routing_fakes
from tests.unit.test_routing_http import NOW

NO_SERVER_ERROR = [not_a_server_error]
SCHEMA = [response_schema_conformance, content_type_conformance]
EXAMPLES = settings(max_examples=3, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def routing_openapi() -> dict[str, Any]:
    """The schema of the routers routing serves (built here: collection happens before the stack)."""
    container = routing_fakes.container(clock=FakeClock(NOW))
    api = FastAPI(title="CityComm routing")
    problems.install(api)  # as stream_service_api serves it: errors documented as problem+json
    for router in (explain_router(container.explanations), deadlines_router(container.deadlines),
                   directory_router(container.directory_admin, container.settings),
                   directory_self_service_router(container.directory_self_service, container.identify)):
        api.include_router(router)
    return api.openapi()


def reporting_openapi() -> dict[str, Any]:
    api = FastAPI(title="CityComm reporting")
    problems.install(api)
    for router in routers():
        api.include_router(router)
    return api.openapi()


routing = schemathesis.openapi.from_dict(routing_openapi())
reporting = schemathesis.openapi.from_dict(reporting_openapi())


def call(platform: Platform, service: str, token: str, case: schemathesis.Case,
         checks: list[Any]) -> None:
    case.call_and_validate(base_url=platform.url(service), headers={"Authorization": f"Bearer {token}"},
                           checks=checks)


@routing.parametrize()
@EXAMPLES
def test_routing_as_operator_no_server_error(platform: Platform, case: schemathesis.Case) -> None:
    call(platform, "routing", ROUTING_KEY, case, NO_SERVER_ERROR)


@reporting.parametrize()
@EXAMPLES
def test_reporting_as_operator_no_server_error(platform: Platform, case: schemathesis.Case) -> None:
    call(platform, "reporting", OPERATOR_TOKEN, case, NO_SERVER_ERROR)


@reporting.parametrize()
@EXAMPLES
def test_reporting_as_an_agency_no_server_error(platform: Platform, case: schemathesis.Case) -> None:
    call(platform, "reporting", SCOPED_TOKENS["agency"], case, NO_SERVER_ERROR)


@routing.parametrize()
@EXAMPLES
def test_routing_answers_match_its_schema(platform: Platform, case: schemathesis.Case) -> None:
    call(platform, "routing", ROUTING_KEY, case, SCHEMA)


@reporting.parametrize()
@EXAMPLES
def test_reporting_answers_match_its_schema(platform: Platform, case: schemathesis.Case) -> None:
    call(platform, "reporting", OPERATOR_TOKEN, case, SCHEMA)
