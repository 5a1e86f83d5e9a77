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
from tests.unit.test_intake_rest import Rig, make_rig

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


def test_listing_needs_a_key_and_pages_with_a_link(rig: Rig) -> None:
    key = app_key(rig)
    for n in range(3):
        post(
            rig,
            {**REPORT, "api_key": key, "description": f"Karaoke lần {n}"},
            **{"Idempotency-Key": f"o-{n}"},
        )
        rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
    assert rig.client.get("/open311/v2/requests.json").status_code == 403
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
