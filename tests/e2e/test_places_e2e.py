"""Photos and places on the session stack through Open311 (issue 18): lat/long, a media_url and an
uploaded photo with GPS in its EXIF reach the agency as a place, the link the client gave and a
signed link to the photo without GPS; Open311 returns lat/long/media_url and validates."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig
from tests.e2e.conftest import Receiver, keys_url
from tests.support import api_keys
from tests.unit.test_intake_attachments import GPS_IFD, gps_jpeg
from tests.unit.test_intake_open311 import assert_valid

MEDIA = "https://fixmystreet.example/photos/e2e.jpeg"


def test_open311_place_media_url_and_photo_reach_the_agency_and_come_back(
        stack: Stack, stack_config: StackConfig, receiver: Receiver) -> None:
    base = f"http://127.0.0.1:{stack_config.ports.intake_http}/open311/v2"
    [key] = api_keys.issue(keys_url(stack_config), {"app": ("open311_client", "e2e-places")}).values()
    try:
        created = httpx.post(f"{base}/requests.json", timeout=10, data={
            "api_key": key, "service_code": "noise", "attribute[ward]": "26740",
            "description": "Loa kéo ồn ào trước số 1 Đồng Khởi", "lat": "10.7763", "long": "106.7009",
            "media_url": MEDIA}, files={"media": ("IMG_0002.jpg", gps_jpeg(), "image/jpeg")})
        assert created.status_code == 201, created.text
        code = created.json()[0]["service_request_id"]
        found = wait_for(lambda: ((r := httpx.get(f"{base}/requests/{code}.json")).status_code == 200
                                  and r.json()[0].get("agency_responsible") and r), 30, "the request")
    finally:
        api_keys.revoke(keys_url(stack_config), [key])
    assert_valid("requests.json", found.json())
    [request] = found.json()
    assert (request["lat"], request["long"], request["media_url"]) == (10.7763, 106.7009, MEDIA)

    inquiry_id = httpx.get(f"http://127.0.0.1:{stack_config.ports.intake_http}/v1/track/{code}",
                           timeout=10).json()["inquiry_id"]
    assigned = receiver.event("inquiry.assigned", inquiry_id)["data"]
    assert assigned["location"] == {"lat": 10.7763, "long": 106.7009}
    photo, hosted = assigned["attachments"]
    assert hosted["media_url"] == MEDIA and hosted["link"] is None
    assert photo["content_type"] == "image/jpeg" and photo["link"].startswith("http://127.0.0.1:")
    image = httpx.get(photo["link"], timeout=10)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.headers["content-disposition"] == f'inline; filename="{photo["id"]}.jpg"'
    assert not Image.open(io.BytesIO(image.content)).getexif().get_ifd(GPS_IFD)
    assert httpx.get(photo["link"].replace("signature=", "signature=0"), timeout=10).status_code in (403, 422)
