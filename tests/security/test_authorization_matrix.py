"""Every caller against every endpoint of every service, and against every other party's inquiries.

One row per endpoint, one expected status per caller; a caller a row does not name gets the row's
`keyed` default (intake) or `others` default. Citizens are the anonymous caller: they hold no key,
only tracking codes. `forged` is well-formed but unknown, `malformed` is not a key at all, `revoked`
was valid until revoked. Keys do not expire (intake has no expiry), so there is no expired key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from citycomm_dev.polling import wait_for
from tests.security.conftest import (
    AGENCY,
    OPERATOR_TOKEN,
    OTHER_AGENCY,
    ROUTING_KEY,
    SCOPED_TOKENS,
    Platform,
)
from tests.support.reporting_people import PASSWORDS

INTAKE_CALLERS = ("anonymous", "press_agency", "other_press", "press_center", "agency", "other_agency",
                  "operator", "open311_client", "forged", "malformed", "revoked")
FORGED = "cck_0123456789ab_" + "A" * 43
MALFORMED = "not a key"


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str  # {press}, {other_press}, {citizen}: inquiry ids; {code}: the citizen's tracking code
    expect: dict[str, int]
    keyed: int = 0  # intake: what every valid key not named gets
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    service: str = "intake"  # where the intake key is presented (notifications asks intake whose it is)


BAD_KEYS = {"forged": 401, "malformed": 401, "revoked": 401}
WEBHOOK_HOLDERS = ("press_agency", "other_press", "press_center", "agency", "other_agency")
PRESS_REQUEST = {"kind": "press_request", "title": "Hỏi về cầu Thủ Thiêm 4",
                 "question": "Bao giờ khởi công?", "agency_id": OTHER_AGENCY}
MEDIA_ALERT = {"kind": "media_alert", "title": "Tin giả về ngập lụt", "description": "Tin sai sự thật",
               "source_urls": ["https://example.vn/tin"]}

INTAKE_ROWS = [
    Row("see own press inquiry", "GET", "/v1/inquiries/{press}",
        {"anonymous": 401, "press_agency": 200, "agency": 200, "operator": 200, **BAD_KEYS}, keyed=404),
    Row("see other press agency's inquiry", "GET", "/v1/inquiries/{other_press}",
        {"anonymous": 401, "other_press": 200, "other_agency": 200, "operator": 200, **BAD_KEYS},
        keyed=404),
    Row("see a citizen's inquiry by id", "GET", "/v1/inquiries/{citizen}",
        {"anonymous": 401, "operator": 200, **BAD_KEYS}, keyed=404),
    Row("track by code", "GET", "/v1/track/{code}", {"anonymous": 200, **BAD_KEYS}, keyed=200),
    # Only a link notifications signed opens an attachment (decision 0104): no key does, valid or not.
    Row("attachment without a signed link", "GET",
        "/v1/attachments/att_" + "0" * 32 + "?expires=4102444800&signature=" + "0" * 64, {}, keyed=403),
    Row("list own inquiries", "GET", "/v1/inquiries", {"anonymous": 401, **BAD_KEYS}, keyed=200),
    Row("list another agency's", "GET", f"/v1/inquiries?agency_id={OTHER_AGENCY}",
        {"anonymous": 401, "other_agency": 200, "operator": 200, **BAD_KEYS}, keyed=403),
    Row("submit a press request", "POST", "/v1/inquiries",
        {"anonymous": 403, "press_agency": 202, "other_press": 202, "press_center": 202, **BAD_KEYS},
        keyed=403, json=PRESS_REQUEST),
    Row("submit a media alert", "POST", "/v1/inquiries",
        {"anonymous": 403, "press_center": 202, "operator": 202, **BAD_KEYS}, keyed=403, json=MEDIA_ALERT),
    Row("acknowledge (routing judges the agency)", "POST", "/v1/inquiries/{other_press}/acknowledge",
        {"anonymous": 401, "agency": 202, "other_agency": 202, **BAD_KEYS}, keyed=403, json={}),
    # Routing judges the inquiry (this one does not exist): intake decides only by role.
    Row("reassign (operators and the coordinating office)", "POST", "/v1/inquiries/matrix-none/reassign",
        {"anonymous": 401, "operator": 202, **BAD_KEYS}, keyed=403,
        json={"agency_id": OTHER_AGENCY, "reason": "r"}),
    Row("close (operators and the coordinating office)", "POST", "/v1/inquiries/matrix-none/close",
        {"anonymous": 401, "operator": 202, **BAD_KEYS}, keyed=403, json={"reason": "r"}),
    Row("settle a dispute (operators and the coordinating office)", "POST",
        "/v1/inquiries/matrix-none/settle-dispute", {"anonymous": 401, "operator": 202, **BAD_KEYS},
        keyed=403, json={"resolution": "answer_stands", "reason": "r"}),
    Row("dispute an answer (submitters by key, operators)", "POST", "/v1/inquiries/matrix-none/dispute",
        {"anonymous": 401, "press_agency": 202, "other_press": 202, "press_center": 202, "operator": 202,
         **BAD_KEYS}, keyed=403, json={"reason": "r"}),
    Row("read a command outcome of another party", "GET", "/v1/commands/{other_press_command}",
        {"anonymous": 401, "other_press": 200, "other_agency": 200, "operator": 200, **BAD_KEYS},
        keyed=404),
    Row("open311: list without ids", "GET", "/open311/v2/requests.json",  # without a key: the public view
        {"anonymous": 200, "forged": 403, "malformed": 403, "revoked": 403}, keyed=200),
    Row("open311: one request by id", "GET", "/open311/v2/requests/{code}.json",
        {"anonymous": 200}, keyed=200),
    Row("whose key is this (intake)", "GET", "/v1/me", {"anonymous": 401, **BAD_KEYS}, keyed=200),
    # Webhook self-service, on notifications with the caller's own intake key: only webhook
    # holders (agencies, press agencies, the Press Center), each for itself alone (no call names a
    # party; test_webhook_self_service_stays_in_scope checks the content).
    *(Row(f"webhook self-service: {name}", method, path,
          {**dict.fromkeys(WEBHOOK_HOLDERS, 202 if method == "POST" else 200), **BAD_KEYS, "anonymous": 401},
          keyed=403, json=body, service="notifications")
      for name, method, path, body in (
          ("own endpoints", "GET", "/v1/webhooks/endpoints", None),
          ("own delivery log", "GET", "/v1/webhooks/deliveries", None),
          ("ping itself", "POST", "/v1/webhooks/ping", None),
          ("redeliver a range of its own", "POST", "/v1/webhooks/redeliver",
           {"since": "2030-01-01T00:00:00+07:00"}))),
    # Directory self-service, on routing with the same key (decisions 0094, 0095): its own endpoints
    # only; these holders have none of their own, so changing one finds nothing (404), never 2xx.
    Row("directory self-service: own endpoints", "GET", "/v1/directory/self/endpoints",
        {**dict.fromkeys(WEBHOOK_HOLDERS, 200), **BAD_KEYS, "anonymous": 401}, keyed=403, service="routing"),
    *(Row(f"directory self-service: {name}", method, path,
          {**dict.fromkeys(WEBHOOK_HOLDERS, 404), **BAD_KEYS, "anonymous": 401}, keyed=403, json=body,
          service="routing")
      for name, method, path, body in (
          ("set an endpoint's URL", "PUT", "/v1/directory/self/endpoints/main",
           {"url": "https://hooks.example.vn/citycomm"}),
          ("rotate an endpoint's secret", "POST", "/v1/directory/self/endpoints/main/rotate", None))),
]


def _key(platform: Platform, caller: str) -> str | None:
    return {"anonymous": None, "forged": FORGED, "malformed": MALFORMED}.get(
        caller, platform.keys.get(caller))


def _path(platform: Platform, template: str) -> str:
    seeded = platform.inquiries
    return template.format(press=seeded["press_agency"]["inquiry_id"],
                           other_press=seeded["other_press"]["inquiry_id"],
                           citizen=seeded["citizen"]["inquiry_id"],
                           code=seeded["citizen"]["tracking_code"],
                           other_press_command=seeded["other_press"]["command_id"])


def _intake_cells() -> list[Any]:
    return [pytest.param(row, caller, id=f"{row.name}-{caller}") for row in INTAKE_ROWS
            for caller in INTAKE_CALLERS]


@pytest.mark.parametrize(("row", "caller"), _intake_cells())
def test_intake(platform: Platform, http: httpx.Client, row: Row, caller: str) -> None:
    expected = row.expect.get(caller, row.keyed)
    headers = dict(row.headers)
    if (key := _key(platform, caller)) is not None:
        if row.path.startswith("/open311/"):
            headers["X-API-Key"] = key
        else:
            headers["Authorization"] = f"Bearer {key}"
    if row.method == "POST":
        headers["Idempotency-Key"] = f"matrix-{row.name}-{caller}".replace(" ", "-")
    response = http.request(row.method, platform.url(row.service, _path(platform, row.path)),
                            json=row.json, headers=headers)
    assert response.status_code == expected, response.text
    assert response.status_code < 500


def test_webhook_self_service_stays_in_scope(platform: Platform) -> None:
    """An agency's log holds its own deliveries only, and it cannot redeliver another's message."""
    def call(caller: str, method: str, path: str, body: Any = None) -> Any:
        response = httpx.request(method, platform.url("notifications", path), json=body, timeout=30,
                                 headers={"Authorization": f"Bearer {platform.keys[caller]}"})
        assert response.is_success, response.text
        return response.json()

    def assigned_to(caller: str, agency: str) -> list[dict[str, Any]]:
        log = call(caller, "GET", "/v1/webhooks/deliveries")
        assert {d["agency_id"] for d in log} <= {agency}, log
        return [d for d in log if d["event_type"] == "inquiry.assigned"]

    theirs = wait_for(lambda: assigned_to("other_agency", OTHER_AGENCY), 30, "so-y-te's assignment log")
    assert assigned_to("agency", AGENCY)
    wanted = {"webhook_ids": [theirs[0]["webhook_id"]]}
    assert call("agency", "POST", "/v1/webhooks/redeliver", wanted) == {"redelivered": []}
    assert call("other_agency", "POST", "/v1/webhooks/redeliver", wanted) == {
        "redelivered": [theirs[0]["webhook_id"]]}
    endpoints = call("agency", "GET", "/v1/webhooks/endpoints")
    assert [(e["owner"], e["url"]) for e in endpoints] == [("*", None)]  # the shared default's URL is not its


def test_listings_hold_only_the_callers_own(platform: Platform) -> None:
    """A 200 on a listing is only right if it holds nothing of anyone else's."""
    press_id = platform.inquiries["press_agency"]["inquiry_id"]
    other_id = platform.inquiries["other_press"]["inquiry_id"]
    citizen_id = platform.inquiries["citizen"]["inquiry_id"]

    def listed(caller: str) -> set[str]:
        response = httpx.get(platform.url("intake", "/v1/inquiries?page_size=100"), timeout=30,
                             headers={"Authorization": f"Bearer {platform.keys[caller]}"})
        assert response.status_code == 200, response.text
        return {i["inquiry_id"] for i in response.json()["inquiries"]}

    assert press_id in listed("press_agency") and other_id not in listed("press_agency")
    assert other_id in listed("other_press") and press_id not in listed("other_press")
    assert press_id in listed("agency") and other_id not in listed("agency")
    assert other_id in listed("other_agency") and press_id not in listed("other_agency")
    assert not {press_id, other_id, citizen_id} & (listed("press_center") | listed("open311_client"))
    assert {press_id, other_id, citizen_id} <= listed("operator")
    public = httpx.get(platform.url("intake", "/open311/v2/requests.json?page_size=1000"), timeout=30)
    assert public.status_code == 200
    assert not {press_id, other_id} & {r["service_request_id"] for r in public.json()}
    assert platform.inquiries["citizen"]["tracking_code"] not in public.text  # nor its holder's view


# --- routing, notifications, reporting: bearer credentials of their own --------------------------------

OTHER_CALLERS = ("none", "garbage", "intake_operator_key", "routing_key", "operator_token",
                 "agency", "other_agency", "press_agency", "other_press")


def _bearer(platform: Platform, caller: str) -> dict[str, str]:
    token = {"none": None, "garbage": "x" * 40, "intake_operator_key": platform.keys["operator"],
             "routing_key": ROUTING_KEY, "operator_token": OPERATOR_TOKEN}.get(caller) \
        or SCOPED_TOKENS.get(caller)
    return {"Authorization": f"Bearer {token}"} if token else {}


@dataclass(frozen=True)
class ServiceRow:
    service: str
    name: str
    method: str
    path: str
    expect: dict[str, int]
    others: int
    json: dict[str, Any] | None = None


ONLY_ROUTING_KEY = {"routing_key": 200}
OPS = {"operator_token": 200}
SCOPED_SEE_PRESS = {"operator_token": 200, "agency": 200, "press_agency": 200, "none": 401,
                    "garbage": 401, "intake_operator_key": 401, "routing_key": 401}
FIGURES = {"operator_token": 200, "agency": 200, "other_agency": 200, "press_agency": 403,
           "other_press": 403}
ANY_TOKEN = {"operator_token": 200, "agency": 200, "other_agency": 200, "press_agency": 200,
             "other_press": 200}

SERVICE_ROWS = [
    ServiceRow("routing", "public directory", "GET", "/v1/directory/agencies", {}, 200),
    ServiceRow("routing", "one agency", "GET", f"/v1/directory/agencies/{OTHER_AGENCY}", {}, 200),
    ServiceRow("routing", "an agency's endpoints (URLs, secret refs)", "GET",
               f"/v1/directory/agencies/{OTHER_AGENCY}/endpoints", ONLY_ROUTING_KEY, 401),
    ServiceRow("routing", "add an agency", "POST", "/v1/directory/agencies", {"routing_key": 422}, 401,
               json={}),
    ServiceRow("routing", "replace an agency", "PUT", "/v1/directory/agencies/no-such-agency",
               {"routing_key": 422}, 401, json={}),
    ServiceRow("routing", "retire an agency", "POST", "/v1/directory/agencies/no-such-agency/retire",
               {"routing_key": 404}, 401, json={"valid_until": "2030-01-01"}),
    ServiceRow("routing", "remove an endpoint", "DELETE",
               "/v1/directory/agencies/no-such-agency/endpoints/x", {"routing_key": 404}, 401),
    ServiceRow("routing", "rotate a secret", "POST",
               "/v1/directory/agencies/no-such-agency/endpoints/x/rotate",
               {"routing_key": 404}, 401,
               json={"secret_ref": "env:X", "keep_old_until": "2030-01-01T00:00:00+07:00"}),
    ServiceRow("routing", "explain (public)", "GET", "/v1/routing/explain?category=noise", {}, 200),
    ServiceRow("routing", "deadline calculator (public)", "GET",
               "/v1/deadlines/calculate?kind=press_request&received_at=2026-03-02T09:00:00", {}, 200),
    ServiceRow("notifications", "dead letters", "GET", "/v1/operator/dead-letters", OPS, 401),
    ServiceRow("notifications", "one dead letter", "GET", "/v1/operator/dead-letters/none",
               {"operator_token": 404}, 401),
    ServiceRow("notifications", "replay many", "POST", "/v1/operator/dead-letters/replay",
               {"operator_token": 202}, 401, json={"agency_id": "no-such-agency"}),
    ServiceRow("notifications", "replay one", "POST", "/v1/operator/dead-letters/none/replay",
               {"operator_token": 404}, 401),
    ServiceRow("notifications", "delivery log", "GET", f"/v1/operator/agencies/{OTHER_AGENCY}/deliveries",
               OPS, 401),
    ServiceRow("notifications", "endpoint status", "GET",
               f"/v1/operator/agencies/{OTHER_AGENCY}/endpoints/demo-inbox", OPS, 401),
    ServiceRow("reporting", "by tracking code (public)", "GET", "/v1/inquiries/by-tracking-code/{code}",
               {}, 200),
    ServiceRow("reporting", "press agency's inquiry", "GET", "/v1/inquiries/{press}",
               SCOPED_SEE_PRESS, 404),
    ServiceRow("reporting", "press agency's audit trail", "GET", "/v1/inquiries/{press}/history",
               SCOPED_SEE_PRESS, 404),
    ServiceRow("reporting", "listing", "GET", "/v1/inquiries", ANY_TOKEN, 401),
    ServiceRow("reporting", "export", "GET", "/v1/exports/inquiries", ANY_TOKEN, 401),
    ServiceRow("reporting", "aggregates", "GET", "/v1/aggregates", FIGURES, 401),
    ServiceRow("reporting", "ranking", "GET", "/v1/ranking", FIGURES, 401),
    ServiceRow("reporting", "published reports", "GET", "/v1/reports",
               {**OPS, **{s: 403 for s in SCOPED_TOKENS}}, 401),
    ServiceRow("reporting", "one report", "GET", "/v1/reports/none",
               {"operator_token": 404, **{s: 403 for s in SCOPED_TOKENS}}, 401),
    # The pages take no bearer token, the operator's included: a person signs in (test_reporting_pages).
    ServiceRow("reporting", "dashboard", "GET", "/dashboard", {}, 303),
    ServiceRow("reporting", "ranking page", "GET", "/dashboard/ranking", {}, 303),
    ServiceRow("reporting", "monthly report PDF", "GET", "/dashboard/reports/monthly/file?format=pdf",
               {}, 303),
    ServiceRow("reporting", "publish from the page", "POST", "/dashboard/reports/monthly/publish", {}, 303),
]


def _service_cells() -> list[Any]:
    return [pytest.param(row, caller, id=f"{row.service}-{row.name}-{caller}") for row in SERVICE_ROWS
            for caller in OTHER_CALLERS]


@pytest.mark.parametrize(("row", "caller"), _service_cells())
def test_services(platform: Platform, http: httpx.Client, row: ServiceRow, caller: str) -> None:
    expected = row.expect.get(caller, row.others)
    response = http.request(row.method, platform.url(row.service, _path(platform, row.path)),
                            json=row.json, headers=_bearer(platform, caller))
    assert response.status_code == expected, response.text[:500]


# --- reporting's pages: a person signed in, by role --------------------------------------------------

PEOPLE = ("nobody", "lanh-dao", "van-hanh", "so-xd")  # leadership, operator, agency so-xay-dung
CITY_READERS = {"lanh-dao": 200, "van-hanh": 200}
PAGE_ROWS = [  # (path, expected by person; nobody signed in is always sent to sign in: 303)
    ("/dashboard", {**CITY_READERS, "so-xd": 303}),  # an agency is sent to its own page
    ("/dashboard/ranking", {**CITY_READERS, "so-xd": 403}),
    ("/dashboard/trends", {**CITY_READERS, "so-xd": 200}),  # early warning: an agency sees its own (issue 19)
    (f"/dashboard/agencies/{AGENCY}", {**CITY_READERS, "so-xd": 200}),
    (f"/dashboard/agencies/{OTHER_AGENCY}", {**CITY_READERS, "so-xd": 403}),
    ("/dashboard/overdue", {**CITY_READERS, "so-xd": 200}),
    ("/dashboard/categories", {**CITY_READERS, "so-xd": 200}),
    ("/dashboard/wards", {**CITY_READERS, "so-xd": 200}),
    ("/dashboard/reports/weekly", {**CITY_READERS, "so-xd": 403}),
    ("/dashboard/reports/monthly", {**CITY_READERS, "so-xd": 403}),
    ("/dashboard/reports/monthly/file?format=pdf", {**CITY_READERS, "so-xd": 403}),
    ("/dashboard/reports/monthly/file?format=xlsx", {**CITY_READERS, "so-xd": 403}),
    # Consultations (issue 20): an agency sees its own drafts; another's draft is 403 (integration tests).
    ("/dashboard/consultations", {**CITY_READERS, "so-xd": 200}),
    ("/dashboard/consultations/file?format=csv", {**CITY_READERS, "so-xd": 200}),
    ("/dashboard/consultations/no-such-draft", {"lanh-dao": 404, "van-hanh": 404, "so-xd": 404}),
]


@pytest.fixture(scope="module")
def sessions(platform: Platform) -> dict[str, httpx.Client]:
    clients = {}
    for person in PEOPLE:
        client = httpx.Client(base_url=platform.url("reporting"), timeout=30, follow_redirects=False)
        if person != "nobody":
            form = {"login": person, "password": PASSWORDS[person]}
            signed = client.post("/dashboard/login", data=form)
            assert signed.status_code == 303, signed.text
        clients[person] = client
    return clients


@pytest.mark.parametrize(("path", "expect", "person"),
                         [pytest.param(path, expect, person, id=f"{path}-{person}")
                          for path, expect in PAGE_ROWS for person in PEOPLE])
def test_reporting_pages(sessions: dict[str, httpx.Client], path: str, expect: dict[str, int],
                         person: str) -> None:
    response = sessions[person].get(path)
    assert response.status_code == expect.get(person, 303), response.text[:300]


def test_only_an_operator_publishes_a_report_from_the_page(sessions: dict[str, httpx.Client]) -> None:
    """Leadership changes nothing; a publish without the page's own form token is refused too."""
    publish = "/dashboard/reports/monthly/publish"
    assert sessions["nobody"].post(publish, data={"form_token": "x"}).status_code == 303
    for person in ("lanh-dao", "so-xd", "van-hanh"):
        assert sessions[person].post(publish, data={"form_token": "x"}).status_code == 403, person
    page = sessions["van-hanh"].get("/dashboard/reports/monthly").text
    token = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    assert sessions["van-hanh"].post(publish, data={"form_token": token}).status_code == 303


def test_scoped_figures_and_listings_stay_in_scope(platform: Platform) -> None:
    """An agency asking for another agency's figures or rows gets its own; a press agency its own."""
    press_id = platform.inquiries["press_agency"]["inquiry_id"]
    other_id = platform.inquiries["other_press"]["inquiry_id"]

    def rows(caller: str, **params: str) -> set[str]:
        response = httpx.get(platform.url("reporting", "/v1/inquiries"), params=params, timeout=30,
                             headers=_bearer(platform, caller))
        return {r["inquiry_id"] for r in response.json()["inquiries"]}

    assert press_id in rows("agency", agency_id=OTHER_AGENCY)
    assert other_id not in rows("agency", agency_id=OTHER_AGENCY)
    assert other_id not in rows("press_agency", submitter_id="bao-thanh-nien")
    assert {press_id, other_id} <= rows("operator_token")
    figures = httpx.get(platform.url("reporting", "/v1/aggregates"), timeout=30,
                        params={"by": "agency", "agency_id": OTHER_AGENCY},
                        headers=_bearer(platform, "agency")).json()
    assert {g["key"] for g in figures["groups"]} <= {"so-xay-dung"}


def test_routing_rejects_an_agency_acting_on_another_agencys_inquiry(platform: Platform,
                                                                     http: httpx.Client) -> None:
    """Intake lets any agency key through (202); routing, judging the actor, rejects it."""
    inquiry = platform.inquiries["other_press"]["inquiry_id"]
    response = http.post(platform.url("intake", f"/v1/inquiries/{inquiry}/answer"),
                         json={"answer": "Không phải của chúng tôi"},
                         headers={"Authorization": f"Bearer {platform.keys['agency']}",
                                  "Prefer": "wait=20"})
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "rejected"
    still = http.get(platform.url("intake", f"/v1/inquiries/{inquiry}"),
                     headers={"Authorization": f"Bearer {platform.keys['operator']}"}).json()
    assert still["status"] != "answered"
