"""Open311 GeoReport v2: responses validate against the published schemas, in JSON and XML."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT7

from citycomm_intake.domain.principals import Role
from citycomm_intake.entrypoints import open311_api
from tests.unit.test_intake_rest import INFORMATION, PRESS, Rig, make_rig

# The conformance data lives beside the repository (CI lays shared/ there); /work/shared on a
# developer's machine.
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "open311-georeport-v2"
if not SCHEMAS.is_dir():
    SCHEMAS = Path("/work/shared/conformance/open311-georeport-v2")


def _formats() -> FormatChecker:
    """date-time and uri are checked even where the optional format packages are missing."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    return checker


def validator(name: str) -> Draft7Validator:
    resources = {p.name: DRAFT7.create_resource(json.loads(p.read_text())) for p in SCHEMAS.glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(resources.items())
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft7Validator(schema, registry=registry, format_checker=_formats())


def assert_valid(name: str, body: Any) -> None:
    errors = list(validator(name).iter_errors(body))
    assert not errors, [e.message for e in errors]


@pytest.fixture
def rig() -> Iterator[Rig]:
    yield from make_rig()


def post(rig: Rig, fields: dict[str, str], fmt: str = "json", **headers: str) -> Any:
    return rig.client.post(f"/open311/v2/requests.{fmt}", data=fields, headers=headers)


def app_key(rig: Rig) -> str:
    return rig.keys.issue(Role.OPEN311_CLIENT, "fixmystreet-hcm")


REPORT = {
    "service_code": "noise",
    "attribute[ward]": "Phường Sài Gòn",
    "description": "Karaoke sau 22 giờ",
    "email": "c@example.com",
    "first_name": "Lê",
    "last_name": "C",
}


def test_services_and_their_definitions_validate(rig: Rig) -> None:
    services = rig.client.get("/open311/v2/services.json")
    assert services.status_code == 200
    assert_valid("services.json", services.json())
    assert {s["service_code"] for s in services.json()} >= {"noise", "drainage-flooding"}
    definition = rig.client.get("/open311/v2/services/noise.json").json()
    assert_valid("service-definition.json", definition)
    ward = next(a for a in definition["attributes"] if a["code"] == "ward")
    assert ward["required"] and len(ward["values"]) == 168


def test_a_request_is_filed_with_an_api_key_and_found_by_its_id(rig: Rig) -> None:
    created = post(rig, {**REPORT, "api_key": app_key(rig), "jurisdiction_id": "hochiminhcity.gov.vn"})
    assert created.status_code == 201, created.text
    [receipt] = created.json()
    [command] = rig.publisher.commands
    assert command.ward_code == "26740" and command.channel == "open311"
    assert command.submitted_by.id == "open311:fixmystreet-hcm" and command.contact.name == "Lê C"
    rig.reporting.project(command, "ubnd-26740")
    found = rig.client.get(f"/open311/v2/requests/{receipt['service_request_id']}.json")
    assert found.status_code == 200
    assert_valid("requests.json", found.json())
    [request] = found.json()
    assert request["status"] == "open" and request["extended_status"] == "assigned"
    assert request["address_id"] == "26740" and request["expected_datetime"]
    listed = rig.client.get(
        f"/open311/v2/requests.json?service_request_id={receipt['service_request_id']},NOPE"
    )
    assert_valid("requests.json", listed.json())
    assert len(listed.json()) == 1


def test_the_api_key_is_required_to_post(rig: Rig) -> None:
    for fields in (REPORT, {**REPORT, "api_key": "cck_nope_nope"}):
        response = post(rig, fields)
        assert response.status_code == 403
        assert response.json()[0]["code"] == 403 and response.json()[0]["description"]
    assert not rig.publisher.commands


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"service_code": "no-such"}, "service_code"),
        ({"attribute[ward]": "Quận 1"}, "ward"),
        ({"description": ""}, "description"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_bad_requests_are_400_as_code_and_description(rig: Rig, fields: dict[str, str], where: str) -> None:
    response = post(rig, {**REPORT, "api_key": app_key(rig), **fields})
    assert response.status_code == 400, response.text
    assert where in response.json()[0]["description"]


def test_unknown_things_are_404(rig: Rig) -> None:
    assert rig.client.get("/open311/v2/services/no-such.json").status_code == 404
    assert rig.client.get("/open311/v2/requests/0000-0000-0000.json").json()[0]["code"] == 404
    other = rig.client.get("/open311/v2/services.json?jurisdiction_id=hanoi.gov.vn")
    assert other.status_code == 404 and "jurisdiction_id" in other.json()[0]["description"]


def test_xml_has_the_same_content(rig: Rig) -> None:
    services = ElementTree.fromstring(rig.client.get("/open311/v2/services.xml").content)
    assert services.tag == "services" and services.find("service/service_code") is not None
    created = post(rig, {**REPORT, "api_key": app_key(rig)}, fmt="xml")
    assert created.status_code == 201 and created.headers["content-type"].startswith("text/xml")
    code = ElementTree.fromstring(created.content).findtext("request/service_request_id")
    rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
    found = ElementTree.fromstring(rig.client.get(f"/open311/v2/requests/{code}.xml").content)
    assert found.tag == "service_requests" and found.findtext("request/status") == "open"
    error = ElementTree.fromstring(rig.client.get("/open311/v2/services/no-such.xml").content)
    assert error.tag == "errors" and error.findtext("error/code") == "404"
    definition = ElementTree.fromstring(rig.client.get("/open311/v2/services/noise.xml").content)
    assert len(definition.findall("attributes/attribute/values/value")) == 168
    discovery = ElementTree.fromstring(rig.client.get("/open311/v2/discovery.xml").content)
    assert discovery.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"


def test_listing_with_a_key_is_scoped_and_pages_with_a_link(rig: Rig) -> None:
    key = app_key(rig)
    for n in range(3):
        post(
            rig,
            {**REPORT, "api_key": key, "description": f"Karaoke lần {n}"},
            **{"Idempotency-Key": f"o-{n}"},
        )
        rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
    first = rig.client.get(f"/open311/v2/requests.json?api_key={key}&page_size=2")
    assert first.status_code == 200 and len(first.json()) == 2
    assert_valid("requests.json", first.json())
    next_url = first.headers["Link"].split(">")[0].lstrip("<")
    rest = rig.client.get(next_url)
    assert len(rest.json()) == 1 and "Link" not in rest.headers
    other_app = rig.client.get(
        f"/open311/v2/requests.json?api_key={rig.keys.issue(Role.OPEN311_CLIENT, 'other')}"
    )
    assert other_app.json() == []


def test_an_open311_retry_with_the_same_key_is_the_same_request(rig: Rig) -> None:
    key = app_key(rig)
    first = post(rig, {**REPORT, "api_key": key}, **{"Idempotency-Key": "r-1"}).json()
    again = post(rig, {**REPORT, "api_key": key}, **{"Idempotency-Key": "r-1"}).json()
    assert first == again


def test_broker_down_is_503_in_open311_words_with_the_key_to_retry_with(rig: Rig) -> None:
    key = app_key(rig)
    rig.publisher.lands_late = True
    response = post(rig, {**REPORT, "api_key": key})
    assert response.status_code == 503 and response.headers["Retry-After"]
    [error] = response.json()
    assert error["code"] == 503 and response.headers["Idempotency-Key"] in error["description"]
    rig.publisher.lands_late = False
    retry_key = {"Idempotency-Key": response.headers["Idempotency-Key"]}
    [retried] = post(rig, {**REPORT, "api_key": key}, **retry_key).json()
    assert retried["service_request_id"] in error["description"]
    assert len({c.inquiry_id for c in rig.publisher.commands}) == 1


def test_discovery_documents_the_extensions(rig: Rig) -> None:
    body = rig.client.get("/open311/v2/discovery.json").json()
    assert body["endpoints"][0]["url"].endswith("/open311/v2") and "page_token" in body["extensions"]
    assert "without api_key" in body["extensions"]


ADDRESSED = {k: v for k, v in REPORT.items() if k != "attribute[ward]"}


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("123 Lê Lợi, Phường Sài Gòn, TP.HCM", "26740"),
        ("123 Le Loi, Phuong Sai Gon, TP.HCM", "26740"),
        ("12 Nguyễn Huệ, Phường Bến Nghé, Quận 1", "26740"),  # before 1 July 2025
        ("45 Võ Văn Tần, P.1, Q.3, TP.HCM", "27160"),  # today's Phường Bàn Cờ
    ],
)
def test_address_string_is_a_street_address_naming_the_ward(rig: Rig, address: str, code: str) -> None:
    created = post(rig, {**ADDRESSED, "api_key": app_key(rig), "address_string": address})
    assert created.status_code == 201, created.text
    [command] = rig.publisher.commands
    assert command.ward_code == code
    assert address in command.description  # the street is the agency's to know: kept with the text


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("12 Nguyễn Đình Chiểu, Phường Đa Kao, Quận 1", ["divided", "Phường Tân Định (26737)", "(26740)"]),
        ("Phường Bến Thành, Phường Sài Gòn", ["several", "Phường Bến Thành (26743)", "(26740)"]),
        ("123 Lê Lợi, TP.HCM", ["unknown ward"]),
        ("Phường 1", ["add its district"]),
    ],
)
def test_an_address_string_naming_no_ward_or_several_is_a_400_saying_so(
    rig: Rig, address: str, says: list[str]
) -> None:
    response = post(rig, {**ADDRESSED, "api_key": app_key(rig), "address_string": address})
    assert response.status_code == 400, response.text
    [error] = response.json()
    assert error["code"] == 400 and error["description"].startswith("address_string: ")
    assert all(s in error["description"] for s in says), error["description"]
    assert not rig.publisher.commands


def _public_setup(rig: Rig) -> tuple[Any, list[str]]:
    """A citizen's report through an app, and a press and an information request beside it."""
    post(rig, {**REPORT, "api_key": app_key(rig)})
    report = rig.publisher.commands[-1]
    rig.reporting.project(report, "ubnd-26740")
    rig.submit(PRESS, headers=rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre"))
    rig.submit(INFORMATION, key="k-2")
    for command in rig.publisher.commands[1:]:
        rig.reporting.project(command, command.target_agency_id)
    return report, [c.inquiry_id for c in rig.publisher.commands[1:]]


def test_requests_are_listed_without_a_key_as_the_public_may_see_them(rig: Rig) -> None:
    report, others = _public_setup(rig)
    listed = rig.client.get("/open311/v2/requests.json")
    assert listed.status_code == 200, listed.text
    assert_valid("requests.json", listed.json())
    [item] = listed.json()  # citizens' feedback only: no press or information request
    assert item["service_request_id"] == report.inquiry_id
    assert item["service_code"] == "noise" and item["address_id"] == "26740" and item["status"] == "open"
    assert item["agency_responsible"] and item["expected_datetime"]
    assert item["description"] is None and item["status_notes"] is None
    for private in (report.tracking_code, "Karaoke", "c@example.com", "Lê C", "fixmystreet"):
        assert private not in listed.text  # the tracking code would show the citizen's words
    # The id the listing gives is one a client can follow, to the same public view.
    by_id = rig.client.get(f"/open311/v2/requests/{report.inquiry_id}.json")
    assert by_id.status_code == 200 and by_id.json() == [item]
    by_ids = rig.client.get(f"/open311/v2/requests.json?service_request_id={report.inquiry_id}")
    assert by_ids.json() == [item]
    for other in others:  # an inquiry id is no way into what is not public
        assert rig.client.get(f"/open311/v2/requests/{other}.json").status_code == 404
    xml = ElementTree.fromstring(rig.client.get("/open311/v2/requests.xml").content)
    assert xml.findtext("request/service_request_id") == report.inquiry_id
    assert xml.find("request/description") is not None and not xml.findtext("request/description")


def test_the_public_listing_is_bounded_and_rate_limited_like_citizens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert open311_api.PUBLIC_PAGE_SIZE == 100  # what the README promises
    monkeypatch.setattr(open311_api, "PUBLIC_PAGE_SIZE", 2)
    for rig in make_rig(citizen_rate_burst=2, citizen_rate_per_second=0.001):
        key = app_key(rig)
        for n in range(3):
            post(rig, {**REPORT, "api_key": key, "description": f"Karaoke lần {n}"})
            rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
        first = rig.client.get("/open311/v2/requests.json?page_size=1000")
        assert first.status_code == 200 and len(first.json()) == 2 and "Link" in first.headers
        assert rig.client.get(first.headers["Link"].split(">")[0].lstrip("<")).status_code == 200
        limited = rig.client.get("/open311/v2/requests.json")
        assert limited.status_code == 429 and limited.json()[0]["code"] == 429
        keyed = rig.client.get(f"/open311/v2/requests.json?api_key={key}&page_size=1000")
        assert keyed.status_code == 200 and len(keyed.json()) == 3  # a key is not the citizens' limit
