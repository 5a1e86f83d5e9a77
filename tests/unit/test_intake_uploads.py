"""Photos and places at the doors: REST multipart and Open311 (form, multipart `media`, media_url,
lat/long), bounded and checked by content; Open311 round-trips lat/long/media_url and validates."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image

from citycomm.v1 import commands_pb2
from citycomm_intake.domain.principals import Role
from tests.unit.test_intake_attachments import GPS_IFD, gps_jpeg
from tests.unit.test_intake_open311 import REPORT, assert_valid
from tests.unit.test_intake_rest import FEEDBACK, Rig, make_rig

CITY_HALL = {"lat": "10.7763", "long": "106.7009"}  # UBND Thành phố, Đồng Khởi


@pytest.fixture
def rig() -> Iterator[Rig]:
    yield from make_rig()


def stored(rig: Rig, command: commands_pb2.SubmitInquiry, index: int = 0) -> bytes:
    """The bytes the store holds for the command's attachment, read through intake's service."""
    store = rig.client.app.state.container.attachments._store  # type: ignore[attr-defined]
    found = asyncio.run(store.get(command.attachments[index].id))
    assert found is not None
    return found.data  # type: ignore[no-any-return]


def rest(rig: Rig, files: list[tuple[str, tuple[str, bytes, str]]], key: str = "k-1", **fields: str) -> Any:
    data = {"submission": json.dumps(FEEDBACK), **fields}
    return rig.client.post("/v1/inquiries/with-attachments", data=data, files=files or None,
                           headers={"Idempotency-Key": key})


def test_rest_multipart_stores_the_photo_without_gps_and_sends_the_place(rig: Rig) -> None:
    # A JPEG named .png and sent as text/plain: its content says what it is.
    answer = rest(rig, [("attachments", ("anh.png", gps_jpeg(), "text/plain"))], **CITY_HALL)
    assert answer.status_code == 202, answer.text
    [command] = rig.publisher.commands
    assert (command.location.lat, command.location.long) == (10.7763, 106.7009)
    [photo] = command.attachments
    assert photo.content_type == "image/jpeg" and photo.id.startswith("att_")
    image = Image.open(io.BytesIO(stored(rig, command)))
    assert not image.getexif().get_ifd(GPS_IFD) and not image.getexif()


def test_rest_multipart_without_files_or_place_is_an_ordinary_submission(rig: Rig) -> None:
    assert rest(rig, []).status_code == 202
    [command] = rig.publisher.commands
    assert not command.attachments and not command.HasField("location")


@pytest.mark.parametrize(("files", "fields", "status", "field"), [
    ([("attachments", ("x.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00", "image/jpeg"))], {}, 415, None),
    ([("attachments", (f"{i}.jpg", gps_jpeg(), "image/jpeg")) for i in range(6)], {}, 422, "attachments"),
    ([], {"lat": "21.0285", "long": "105.8542"}, 422, "lat"),  # Hà Nội
    ([], {"lat": "10.77"}, 422, "long"),
    ([], {"lat": "abc", "long": "106.7"}, 422, "lat"),
])
def test_rest_refusals_are_problems_in_both_languages(
        rig: Rig, files: list[Any], fields: dict[str, str], status: int, field: str | None) -> None:
    answer = rest(rig, files, **fields)
    assert answer.status_code == status, answer.text
    problem = answer.json()
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert problem["detail_vi"] and not rig.publisher.commands
    if field:
        assert [e["field"] for e in problem["errors"]] == [field] and problem["errors"][0]["message_vi"]


def test_rest_multipart_refuses_a_submission_that_is_not_valid(rig: Rig) -> None:
    answer = rig.client.post("/v1/inquiries/with-attachments", data={"submission": "{not json"},
                             headers={"Idempotency-Key": "k"})
    assert answer.status_code == 422 and not rig.publisher.commands


def app_key(rig: Rig) -> str:
    return rig.keys.issue(Role.OPEN311_CLIENT, "fixmystreet-hcm")


def test_open311_round_trips_lat_long_and_media_url_and_validates(rig: Rig) -> None:
    media = "https://fixmystreet.example/photos/1.jpeg"
    created = rig.client.post("/open311/v2/requests.json", data={
        **REPORT, **CITY_HALL, "media_url": media, "api_key": app_key(rig)})
    assert created.status_code == 201, created.text
    [command] = rig.publisher.commands
    assert "10.7763" not in command.description and media not in command.description
    assert [a.media_url for a in command.attachments] == [media]
    rig.reporting.project(command, "ubnd-26740")
    code = created.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        found = rig.client.get(f"/open311/v2/requests/{code}.{fmt}")
        assert found.status_code == 200
    [request] = rig.client.get(f"/open311/v2/requests/{code}.json").json()
    assert_valid("requests.json", [request])
    assert (request["lat"], request["long"], request["media_url"]) == (10.7763, 106.7009, media)
    public = rig.client.get(f"/open311/v2/requests/{command.inquiry_id}.json").json()[0]
    assert_valid("requests.json", [public])
    assert (public["lat"], public["long"], public["media_url"]) == (None, None, None)


def test_open311_multipart_media_is_stored_without_gps(rig: Rig) -> None:
    created = rig.client.post("/open311/v2/requests.json", data={**REPORT, "api_key": app_key(rig)},
                              files=[("media", ("p.jpg", gps_jpeg(), "image/jpeg"))])
    assert created.status_code == 201, created.text
    [command] = rig.publisher.commands
    assert not Image.open(io.BytesIO(stored(rig, command))).getexif().get_ifd(GPS_IFD)


@pytest.mark.parametrize(("fields", "files", "status"), [
    ({"media_url": "http://insecure.example/p.jpg"}, None, 400),
    ({"lat": "48.85", "long": "2.35"}, None, 400),  # Paris
    ({}, [("media", ("x.txt", b"hello", "image/jpeg"))], 415),
])
def test_open311_refusals_speak_open311(rig: Rig, fields: dict[str, str], files: Any, status: int) -> None:
    answer = rig.client.post("/open311/v2/requests.json", data={**REPORT, **fields, "api_key": app_key(rig)},
                             files=files)
    assert answer.status_code == status, answer.text
    assert answer.json()[0]["code"] == status and answer.json()[0]["description"]
    assert not rig.publisher.commands


def test_the_signed_link_serves_the_photo_over_http_until_it_expires(rig: Rig) -> None:
    assert rest(rig, [("attachments", ("a.jpg", gps_jpeg(), "image/jpeg"))]).status_code == 202
    [command] = rig.publisher.commands
    container = rig.client.app.state.container  # type: ignore[attr-defined]
    url = urlsplit(container.attachments.link("http://testserver", command.attachments[0].id,
                                              timedelta(minutes=5)))
    got = rig.client.get(f"{url.path}?{url.query}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert got.headers["content-disposition"].startswith('inline; filename="att_')
    assert got.headers["x-content-type-options"] == "nosniff"
    assert not Image.open(io.BytesIO(got.content)).getexif().get_ifd(GPS_IFD)
    tampered = rig.client.get(f"{url.path}?{url.query.replace('expires=', 'expires=9')}")
    assert tampered.status_code == 403 and tampered.json()["detail_vi"]
    assert rig.client.get(url.path).status_code == 422  # no signature: not a link at all
    container.clock.advance(timedelta(minutes=6))
    assert rig.client.get(f"{url.path}?{url.query}").status_code == 403


def test_a_refused_submission_leaves_no_file_behind(rig: Rig) -> None:
    store = rig.client.app.state.container.attachments._store  # type: ignore[attr-defined]
    photo = [("attachments", ("a.jpg", gps_jpeg(), "image/jpeg"))]
    bad_ward = {"submission": json.dumps({**FEEDBACK, "ward": "Phường Không Có"})}
    answer = rig.client.post("/v1/inquiries/with-attachments", data=bad_ward, files=photo,
                             headers={"Idempotency-Key": "w-1"})
    assert answer.status_code == 422, answer.text
    press = {"submission": json.dumps({"kind": "press_request", "agency_id": "so-xay-dung", "title": "t",
                                       "question": "q"})}
    assert rig.client.post("/v1/inquiries/with-attachments", data=press, files=photo,
                           headers={"Idempotency-Key": "w-2"}).status_code == 403  # anonymous
    media = [("media", ("p.jpg", gps_jpeg(), "image/jpeg"))]
    fields = {**REPORT, "attribute[ward]": "Phường Không Có", "api_key": app_key(rig)}
    open311 = rig.client.post("/open311/v2/requests.json", files=media, data=fields)
    assert open311.status_code == 400 and open311.json()[0]["description"].startswith("attribute[ward]")
    assert store.objects == {} and not rig.publisher.commands
