"""schemathesis against intake's OpenAPI (in-memory adapters): no server error, no schema violation."""

from __future__ import annotations

from datetime import UTC, datetime

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from citycomm_common.clock import FakeClock
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import MemoryKeys

SETTINGS = IntakeSettings(citizen_rate_burst=100_000, max_wait_seconds=0)
KEYS = MemoryKeys()
PRESS_KEY = KEYS.issue(Role.PRESS_AGENCY, "bao-tuoi-tre")
AGENCY_KEY = KEYS.issue(Role.AGENCY, "so-xay-dung")
CONTAINER = intake_fakes.container(SETTINGS, keys=KEYS, clock=FakeClock(datetime(2026, 3, 12, 3, tzinfo=UTC)))
API = create_app(SETTINGS, CONTAINER, serve_grpc=False)
API.state.container = CONTAINER  # what the lifespan would set
schema = schemathesis.openapi.from_asgi("/openapi.json", API)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_callers_get_no_server_error_and_no_schema_violation(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_keyed_callers_get_no_server_error_and_no_schema_violation(case: schemathesis.Case) -> None:
    key = AGENCY_KEY if "/inquiries/{inquiry_id}/" in case.path else PRESS_KEY
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
