"""The S3 store against a real S3-compatible server (moto in server mode, over HTTP): a photo is
stored sanitised, a signed link redirects to a presigned GET that serves it with its type and
Content-Disposition, and an expired link is refused."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from citycomm_common.clock import FakeClock
from citycomm_intake.adapters.attachment_store import S3Store, s3_client
from citycomm_intake.domain.errors import Forbidden, NotFound, Unavailable
from citycomm_intake.service_layer.attachments import Attachments
from tests.unit.test_intake_attachments import GPS_IFD, gps_jpeg

BUCKET = "citycomm-attachments"


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def test_a_photo_through_s3_and_a_presigned_link(s3_url: str) -> None:
    client = s3_client(s3_url, "ap-southeast-1", "testing", "testing")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
    clock = FakeClock(datetime.now(UTC))  # presigned URLs are checked by the server's real clock
    service = Attachments(S3Store(client, BUCKET), link_secret=b"s", clock=clock)

    async def run() -> None:
        [ref] = await service.store([gps_jpeg()])
        head = client.head_object(Bucket=BUCKET, Key=ref.id)
        assert head["ContentType"] == "image/jpeg" and head["ContentLength"] == ref.size
        query = {k: v[0] for k, v in parse_qs(urlsplit(
            service.link("https://intake.example", ref.id, timedelta(minutes=10))).query).items()}
        opened = await service.open(ref.id, int(query["expires"]), query["signature"])
        assert opened.redirect.startswith(s3_url) and not opened.data
        async with httpx.AsyncClient() as http:
            got = await http.get(opened.redirect)
        assert got.status_code == 200, got.text
        assert got.headers["content-type"] == "image/jpeg"
        assert got.headers["content-disposition"] == f'inline; filename="{ref.id}.jpg"'
        assert not Image.open(io.BytesIO(got.content)).getexif().get_ifd(GPS_IFD)
        missing = "att_" + "0" * 32
        q = {k: v[0] for k, v in parse_qs(urlsplit(
            service.link("https://x", missing, timedelta(minutes=1))).query).items()}
        with pytest.raises(NotFound):
            await service.open(missing, int(q["expires"]), q["signature"])
        clock.advance(timedelta(minutes=11))
        with pytest.raises(Forbidden):
            await service.open(ref.id, int(query["expires"]), query["signature"])

    asyncio.run(run())


def test_a_bucket_out_of_reach_is_a_503_to_retry(s3_url: str) -> None:
    client = s3_client(s3_url, "ap-southeast-1", "testing", "testing")
    service = Attachments(S3Store(client, "no-such-bucket"), link_secret=b"s",
                          clock=FakeClock(datetime.now(UTC)))
    with pytest.raises(Unavailable) as refused:
        asyncio.run(service.store([gps_jpeg()]))
    assert refused.value.status == 503 and refused.value.retry_after
