"""Production's reporting signs staff in at the city's OpenID Connect provider (issue 17,
docs/reporting-sign-in.md): the overlay sets the issuer, the client and its secret from a Secret,
and the service's own settings accept what it sets."""

from __future__ import annotations

import pytest
from rendering import Obj, container_env, named, pod_spec

from citycomm_reporting.settings import ReportingSettings


def reporting_env(objects: list[Obj]) -> dict[str, object]:
    container = pod_spec(named(objects, "Deployment", "reporting"))["containers"][0]
    return container_env(objects, container)


def test_production_signs_in_at_the_citys_provider(rendered: dict[str, list[Obj]]) -> None:
    env = reporting_env(rendered["production"])
    issuer, redirect = env["CITYCOMM_OIDC_ISSUER"], env["CITYCOMM_OIDC_REDIRECT_URL"]
    assert isinstance(issuer, str) and issuer.startswith("https://")
    assert isinstance(redirect, str) and redirect.startswith("https://")
    assert redirect.endswith("/dashboard/oidc/callback")  # the route the provider sends people back to
    assert env["CITYCOMM_OIDC_CLIENT_ID"] == "citycomm-reporting"
    # The client secret from a Secret (created out of band, docs/runbook.md), never written here.
    assert env["CITYCOMM_OIDC_CLIENT_SECRET"] == {"secretKeyRef": {
        "name": "citycomm-reporting-session", "key": "oidc-client-secret"}}
    # Sessions stay signed with their own secret from the same Secret.
    assert env["CITYCOMM_SESSION_SECRET"] == {"secretKeyRef": {
        "name": "citycomm-reporting-session", "key": "secret", "optional": True}}


def test_local_has_no_provider(rendered: dict[str, list[Obj]]) -> None:
    """A local install signs in with the users file only (nothing to reach)."""
    assert not {k for k in reporting_env(rendered["local"]) if k.startswith("CITYCOMM_OIDC_")}


def test_reporting_refuses_a_provider_it_would_reach_in_clear_in_production(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("CITYCOMM_OIDC_ISSUER", "CITYCOMM_OIDC_REDIRECT_URL"):
        monkeypatch.delenv(variable, raising=False)
    base = {"environment": "production", "session_secret": "s" * 40, "reporting_grpc_token": "t" * 40,
            "oidc_client_id": "citycomm-reporting", "oidc_client_secret": "c" * 40}
    assert ReportingSettings(**base, oidc_issuer="https://sso.example/realms/staff").oidc_issuer
    with pytest.raises(ValueError, match="https"):
        ReportingSettings(**base, oidc_issuer="http://sso.example/realms/staff")
    with pytest.raises(ValueError, match="https"):
        ReportingSettings(**base, oidc_issuer="https://sso.example/realms/staff",
                          oidc_redirect_url="http://reporting/dashboard/oidc/callback")
