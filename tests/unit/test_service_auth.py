"""The service token for reporting's gRPC: required, never the development default in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from citycomm_common.service_auth import DEVELOPMENT_REPORTING_GRPC_TOKEN, bearer_metadata, presents
from citycomm_intake.settings import IntakeSettings
from citycomm_reporting.settings import ReportingSettings

GOOD = "t" * 32
PRODUCTION = {"environment": "production", "tracking_secret": "s" * 48}


@pytest.mark.parametrize("settings", [IntakeSettings, ReportingSettings])
def test_production_refuses_the_development_token(settings: type) -> None:
    with pytest.raises(ValidationError, match="reporting_grpc_token must be set in production"):
        settings(**PRODUCTION)
    own = ({"session_secret": "c" * 32} if settings is ReportingSettings  # reporting's pages
           else {"attachment_link_secret": "a" * 32})  # intake's links to attachments
    accepted = settings(**PRODUCTION, **own, reporting_grpc_token=GOOD)
    assert accepted.reporting_grpc_token.get_secret_value() == GOOD
    development = settings().reporting_grpc_token.get_secret_value()
    assert development == DEVELOPMENT_REPORTING_GRPC_TOKEN


@pytest.mark.parametrize("settings", [IntakeSettings, ReportingSettings])
@pytest.mark.parametrize("token", ["", "short"])
def test_a_short_or_empty_token_is_refused(settings: type, token: str) -> None:
    with pytest.raises(ValidationError, match="at least 24 characters"):
        settings(reporting_grpc_token=token)


def test_only_the_exact_bearer_token_is_accepted() -> None:
    assert presents(bearer_metadata(GOOD), GOOD.encode())
    assert presents((("x-other", "1"), ("authorization", f"bearer {GOOD}")), GOOD.encode())
    for metadata in [None, (), bearer_metadata(GOOD[:-1]), bearer_metadata(GOOD + "x"),
                     (("authorization", GOOD),), (("authorization", f"Basic {GOOD}"),),
                     (("authorization-bin", GOOD.encode()),)]:
        assert not presents(metadata, GOOD.encode())  # type: ignore[arg-type]
