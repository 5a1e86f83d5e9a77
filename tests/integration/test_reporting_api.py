"""Reporting's REST API on the seeded scenario: scopes, look-ups, listings, audit trails, exports, figures."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from citycomm_common.problems import PROBLEM
from citycomm_reporting.adapters.schema import inquiries, inquiry_events
from citycomm_reporting.bootstrap import Container
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import (
    AGENCY_A,
    AGENCY_B,
    AGENCY_TOKEN,
    OPERATOR_TOKEN,
    PRESS_TOKEN,
    api,
    scenario_facts,
    seeded_reporting,
)

PERSONAL = ("Nguyễn Văn A", "0903000000", "a@example.vn")


@pytest.fixture(params=DIALECTS)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        yield seeded_reporting(model)


@pytest.fixture
async def client(deps: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=api(deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://reporting") as http:
        yield http


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_tracking_code_look_up_is_open_and_shows_no_submitter(client: httpx.AsyncClient) -> None:
    found = (await client.get("/v1/inquiries/by-tracking-code/HCM-I3")).json()
    assert (found["inquiry_id"], found["status"], found["refused"]) == ("i3", "refused", True)
    assert "submitter_id" not in found
    assert (await client.get("/v1/inquiries/by-tracking-code/HCM-NONE")).status_code == 404


async def test_operators_page_through_everything_newest_first(client: httpx.AsyncClient) -> None:
    unauthenticated = await client.get("/v1/inquiries")
    assert unauthenticated.status_code == 401 and unauthenticated.headers["content-type"] == PROBLEM
    assert unauthenticated.headers["www-authenticate"] == "Bearer"
    assert unauthenticated.json()["title"] == "Unauthorized" and unauthenticated.json()["detail"]
    seen, token = [], ""
    while True:
        page = (await client.get("/v1/inquiries", params={"page_size": 3, "page_token": token},
                                 headers=bearer(OPERATOR_TOKEN))).json()
        seen += [row["inquiry_id"] for row in page["inquiries"]]
        if not (token := page["next_page_token"]):
            break
    assert seen == ["i6", "i7", "i5", "i4", "i3", "i2", "i1"]
    bad = await client.get("/v1/inquiries", params={"page_token": "nonsense"}, headers=bearer(OPERATOR_TOKEN))
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    assert bad.json()["status"] == 422 and "page_token" in bad.json()["detail"]


async def test_filters_combine(client: httpx.AsyncClient) -> None:
    async def ids(**params: str) -> list[str]:
        page = (await client.get("/v1/inquiries", params=params, headers=bearer(OPERATOR_TOKEN))).json()
        return sorted(row["inquiry_id"] for row in page["inquiries"])

    assert await ids(overdue="true") == ["i4"]
    assert await ids(kind="press_request") == ["i3", "i4"]
    assert await ids(agency_id=AGENCY_B, category="roads") == ["i7"]
    assert await ids(ward_code="26743", status="answered") == ["i2", "i7"]
    assert await ids(received_from="2026-05-05", received_to="2026-05-07") == ["i3", "i4", "i5"]


async def test_agencies_and_press_agencies_see_only_their_own(client: httpx.AsyncClient) -> None:
    agency = (await client.get("/v1/inquiries", params={"agency_id": AGENCY_B},
                               headers=bearer(AGENCY_TOKEN))).json()
    assert sorted(r["inquiry_id"] for r in agency["inquiries"]) == ["i1", "i2", "i3", "i4"]
    assert (await client.get("/v1/inquiries/i5", headers=bearer(AGENCY_TOKEN))).status_code == 404
    assert (await client.get("/v1/inquiries/i4", headers=bearer(AGENCY_TOKEN))).status_code == 200
    press = (await client.get("/v1/inquiries", headers=bearer(PRESS_TOKEN))).json()
    assert sorted(r["inquiry_id"] for r in press["inquiries"]) == ["i3", "i4", "i6"]
    assert (await client.get("/v1/inquiries/i1/history", headers=bearer(PRESS_TOKEN))).status_code == 404
    assert (await client.get("/v1/aggregates", headers=bearer(PRESS_TOKEN))).status_code == 403
    assert (await client.get("/v1/reports", headers=bearer(AGENCY_TOKEN))).status_code == 403


async def test_the_audit_trail_says_who_did_what_when(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/inquiries/i7/history", headers=bearer(OPERATOR_TOKEN))
    entries = response.json()["entries"]
    assert [e["type"].rsplit(".", 1)[1] for e in entries] == [
        "InquirySubmitted", "InquiryAssigned", "DeadlineExtended", "InquiryAnswered"]
    answered = entries[-1]
    assert (answered["actor_role"], answered["actor_id"]) == ("agency", AGENCY_B)
    assert answered["occurred_at"].startswith("2026-05-15T09:00:00")  # 16:00 in the city
    assert not any(p in response.text for p in ("Nguyễn Văn A", "a@example.vn"))


async def test_no_contact_data_is_stored_at_all(deps: Container) -> None:
    async with deps.engine.connect() as conn:
        stored = json.dumps([dict(r._mapping) for r in await conn.execute(select(inquiry_events.c.data))],
                            ensure_ascii=False)
        rows = str((await conn.execute(select(inquiries))).all())
    assert not any(p in stored or p in rows for p in PERSONAL)


async def test_exports_leave_out_citizens_words_and_respect_scope(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/exports/inquiries", params={"format": "csv"},
                                headers=bearer(OPERATOR_TOKEN))
    rows = {r["inquiry_id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert set(rows) == {f"i{n}" for n in range(1, 8)}
    assert rows["i1"]["title"] == "" and rows["i3"]["title"] == "Title of i3"  # citizen's vs the press's
    assert rows["i4"]["overdue"] == "True" and rows["i1"]["on_time"] == "True"
    assert not any(p in response.text for p in (*PERSONAL, "HCM-I1", "0903 000 000"))
    scoped = await client.get("/v1/exports/inquiries", params={"format": "json"},
                              headers=bearer(AGENCY_TOKEN))
    assert sorted(r["inquiry_id"] for r in scoped.json()) == ["i1", "i2", "i3", "i4"]


async def test_aggregates_and_ranking_over_rest(client: httpx.AsyncClient) -> None:
    params = {"period": "month", "at": "2026-05-10", "by": "agency"}
    body = (await client.get("/v1/aggregates", params=params, headers=bearer(OPERATOR_TOKEN))).json()
    groups = {g["key"]: g for g in body["groups"]}
    assert (groups[AGENCY_A]["on_time_rate"], groups[AGENCY_A]["p90_working_hours"]) == (0.5, 35.2)
    assert groups[AGENCY_B]["agency_name"] == "UBND phường Sài Gòn"
    own = (await client.get("/v1/aggregates", params=params, headers=bearer(AGENCY_TOKEN))).json()
    assert [g["key"] for g in own["groups"]] == [AGENCY_A]
    as_csv = await client.get("/v1/aggregates", params={**params, "format": "csv"},
                              headers=bearer(OPERATOR_TOKEN))
    assert as_csv.text.splitlines()[0].startswith("key,agency_name,received,answered")
    ranking = (await client.get("/v1/ranking", params={"period": "month", "at": "2026-05-10"},
                                headers=bearer(OPERATOR_TOKEN))).json()
    assert [r["agency_id"] for r in ranking["ranked"]] == [AGENCY_B, AGENCY_A]
    range_ = await client.get("/v1/aggregates", headers=bearer(OPERATOR_TOKEN),
                              params={"from": "2026-05-04", "to": "2026-05-08", "by": "all"})
    assert range_.json()["groups"][0]["received"] == 5
    assert (await client.get("/v1/aggregates", params={"period": "year"},
                             headers=bearer(OPERATOR_TOKEN))).status_code == 422
    not_a_day = await client.get("/v1/aggregates", params={"at": "someday"}, headers=bearer(OPERATOR_TOKEN))
    assert not_a_day.status_code == 422 and not_a_day.headers["content-type"] == PROBLEM
    assert [e["field"] for e in not_a_day.json()["errors"]] == ["query.at"]
