"""Signing in to reporting's pages through the city's OpenID Connect provider (a real one over HTTP,
tests/support/fake_oidc.py): the code flow with PKCE, the ID token checked, the role from its claims."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from citycomm_dev.broker import free_port
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.people import Person
from tests.e2e.conftest import serve_in_thread
from tests.support.fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProvider
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_scenario import (
    AGENCY_A,
    api,
    scenario_facts,
    seeded_reporting,
    settings_for_tests,
)

LEADER = {"sub": "u-1", "preferred_username": "lan.nguyen", "name": "Nguyễn Thị Lan",
          "citycomm_role": "leadership"}


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    port = free_port()
    found = FakeProvider(f"http://127.0.0.1:{port}")
    with serve_in_thread(found.app(), port):
        yield found


@pytest.fixture
async def deps(provider: FakeProvider, tmp_path: Path) -> AsyncIterator[Container]:
    provider.claims, provider.signing_key, provider.nonce_override = dict(LEADER), None, None
    async with fresh_read_model("sqlite", tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        settings = settings_for_tests(oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
                                      oidc_client_secret=CLIENT_SECRET, session_secret="s" * 40)
        yield seeded_reporting(model, settings=settings)


@pytest.fixture
async def client(deps: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api(deps)),
                                 base_url="http://reporting") as http:
        yield http


async def through_the_provider(client: httpx.AsyncClient, state: str | None = None) -> httpx.Response:
    """Sign-in started at reporting, answered by the provider, finished at reporting's callback."""
    start = await client.get("/dashboard/login", params={"next": "/dashboard/ranking"})
    assert start.status_code == 303
    assert "code_challenge_method=S256" in start.headers["location"]
    async with httpx.AsyncClient(timeout=10) as browser:
        answered = await browser.get(start.headers["location"])
    assert answered.status_code == 302
    back = httpx.URL(answered.headers["location"])
    assert back.path == "/dashboard/oidc/callback"
    params = dict(back.params)
    if state is not None:
        params["state"] = state
    return await client.get(back.path, params=params)


async def test_leadership_signs_in_at_the_citys_provider(client: httpx.AsyncClient) -> None:
    finished = await through_the_provider(client)
    assert (finished.status_code, finished.headers["location"]) == (303, "/dashboard/ranking")
    page = await client.get("/dashboard/ranking")
    assert page.status_code == 200 and "Nguyễn Thị Lan" in page.text


async def test_agency_staff_get_their_agencys_figures_only(client: httpx.AsyncClient,
                                                           provider: FakeProvider) -> None:
    provider.claims = {**LEADER, "citycomm_role": "agency", "citycomm_agency": AGENCY_A}
    await through_the_provider(client)
    assert (await client.get(f"/dashboard/agencies/{AGENCY_A}")).status_code == 200
    assert (await client.get("/dashboard/ranking")).status_code == 403


@pytest.mark.parametrize("trouble", ["no role", "agency without its agency", "forged", "wrong nonce"])
async def test_a_token_we_cannot_trust_signs_no_one_in(client: httpx.AsyncClient, provider: FakeProvider,
                                                       trouble: str) -> None:
    if trouble == "no role":
        provider.claims = {k: v for k, v in LEADER.items() if k != "citycomm_role"}
    elif trouble == "agency without its agency":
        provider.claims = {**LEADER, "citycomm_role": "agency"}
    elif trouble == "forged":
        provider.signing_key = type(provider.key).generate_key(2048, parameters={"kid": "k1"})
    else:
        provider.nonce_override = "another-nonce"
    finished = await through_the_provider(client)
    assert finished.status_code == 403
    assert "citycomm_session" not in finished.cookies
    assert (await client.get("/dashboard")).status_code == 303


async def test_a_callback_not_started_here_is_refused(client: httpx.AsyncClient) -> None:
    assert (await through_the_provider(client, state="forged-state")).status_code == 400
    assert (await client.get("/dashboard")).status_code == 303


def test_the_provider_claims_become_a_person(deps: Container) -> None:
    assert deps.oidc is not None
    assert deps.oidc.person(LEADER) == Person("lan.nguyen", "Nguyễn Thị Lan", "leadership")


async def test_the_users_file_form_stays_reachable(client: httpx.AsyncClient) -> None:
    form = await client.get("/dashboard/login", params={"form": "true"})
    assert form.status_code == 200 and 'id="password"' in form.text
