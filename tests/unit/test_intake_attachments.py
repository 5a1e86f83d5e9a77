"""Attachments: type by content, EXIF (GPS) stripped and orientation applied, bounds, signed links."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from citycomm_common.clock import FakeClock
from citycomm_intake.adapters.attachment_store import FilesystemStore
from citycomm_intake.domain import attachments
from citycomm_intake.domain.attachments import TooLarge, UnsupportedMedia, check_bounds, sanitized
from citycomm_intake.domain.errors import Forbidden, Invalid, NotFound, Unavailable
from citycomm_intake.service_layer.attachments import Attachments, linked

GPS_IFD, ORIENTATION = 0x8825, 0x0112
SECRET = b"test-attachment-secret"


def gps_jpeg(size: tuple[int, int] = (40, 20), orientation: int = 6) -> bytes:
    """A phone's photo: GPS position (Hồ Chí Minh City hall) and an orientation tag."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (10.0, 46.0, 35.0), 3: "E", 4: (106.0, 42.0, 0.0)}
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_fixture_really_carries_gps() -> None:
    assert Image.open(io.BytesIO(gps_jpeg())).getexif().get_ifd(GPS_IFD)


def test_a_photo_is_stored_without_exif_gps_and_upright() -> None:
    clean = sanitized(gps_jpeg())
    image = Image.open(io.BytesIO(clean.data))
    assert clean.content_type == "image/jpeg" and image.format == "JPEG"
    assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info and b"Exif" not in clean.data and b"PhoneMaker" not in clean.data
    assert image.size == (20, 40)  # orientation 6 applied to the pixels, the tag gone


def test_png_metadata_and_icc_profile_are_dropped() -> None:
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Comment", "secret place")
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "PNG", pnginfo=info, icc_profile=b"\0" * 128)
    clean = sanitized(out.getvalue())
    assert clean.content_type == "image/png" and b"secret place" not in clean.data
    assert "icc_profile" not in Image.open(io.BytesIO(clean.data)).info


def test_the_type_is_read_from_the_content_not_the_name() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "WEBP")
    assert sanitized(out.getvalue()).content_type == "image/webp"
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert sanitized(pdf) == attachments.Clean(pdf, "application/pdf")


@pytest.mark.parametrize("data", [b"GIF89a\x01\x00\x01\x00", b"<html>hi</html>", b"MZ\x90\x00",
                                  gps_jpeg()[:200]])
def test_anything_else_is_refused_415_in_both_languages(data: bytes) -> None:
    with pytest.raises(UnsupportedMedia) as refused:
        sanitized(data, 2)
    assert refused.value.status == 415 and "3" in refused.value.detail and refused.value.detail_vi


def test_a_decompression_bomb_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_PIXELS", 100)
    with pytest.raises(TooLarge):
        sanitized(gps_jpeg((20, 20)))


def test_bounds_count_size_total_and_empty() -> None:
    check_bounds([1] * 5)
    with pytest.raises(Invalid):
        check_bounds([1] * 6)
    with pytest.raises(TooLarge):
        check_bounds([attachments.MAX_BYTES + 1])
    with pytest.raises(TooLarge):
        check_bounds([attachments.MAX_BYTES] * 3)
    with pytest.raises(Invalid):
        check_bounds([10, 0])


def test_media_url_is_a_link_and_https_only() -> None:
    assert linked("https://example.org/p.jpg").media_url == "https://example.org/p.jpg"
    for bad in ("http://example.org/p.jpg", "file:///etc/passwd", "https://", "javascript:x"):
        with pytest.raises(Invalid):
            linked(bad)


def test_a_signed_link_opens_the_stored_photo_until_it_expires(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 12, 4, 9, tzinfo=UTC))
    service = Attachments(FilesystemStore(tmp_path), link_secret=SECRET, clock=clock)

    async def run() -> None:
        [ref] = await service.store([gps_jpeg()])
        assert ref.id.startswith("att_") and ref.size > 0 and len(ref.sha256) == 64
        url = urlsplit(service.link("https://intake.example", ref.id, timedelta(minutes=15)))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert url.path == f"/v1/attachments/{ref.id}"
        expires, signature = int(query["expires"]), query["signature"]
        opened = await service.open(ref.id, expires, signature)
        assert opened.content_type == "image/jpeg" and opened.disposition.startswith("inline")
        assert not Image.open(io.BytesIO(opened.data)).getexif()
        with pytest.raises(Forbidden):  # another attachment's id under this signature
            await service.open("att_" + "0" * 32, expires, signature)
        with pytest.raises(Forbidden):  # a later expiry than signed
            await service.open(ref.id, expires + 60, signature)
        other = Attachments(FilesystemStore(tmp_path), link_secret=b"other", clock=clock)
        with pytest.raises(Forbidden):
            await other.open(ref.id, expires, signature)
        clock.advance(timedelta(minutes=15, seconds=1))
        with pytest.raises(Forbidden):
            await service.open(ref.id, expires, signature)
        missing = "att_" + "1" * 32
        link = urlsplit(service.link("https://x", missing, timedelta(minutes=1)))
        q = {k: v[0] for k, v in parse_qs(link.query).items()}
        with pytest.raises(NotFound):
            await service.open(missing, int(q["expires"]), q["signature"])
        with pytest.raises(Forbidden):  # not a key: never a path on disk
            await service.open("../../etc/passwd", expires, signature)

    asyncio.run(run())


def test_a_store_that_fails_is_a_503_to_retry_never_a_500(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """A full or read-only disk (here: the store's root is a file, so nothing can be made under it)."""
    root = tmp_path / "not-a-directory"
    root.write_text("")
    clock = FakeClock(datetime(2026, 12, 4, 9, tzinfo=UTC))
    service = Attachments(FilesystemStore(root), link_secret=SECRET, clock=clock)

    async def run() -> None:
        with pytest.raises(Unavailable) as stored:
            await service.store([gps_jpeg()])
        assert stored.value.status == 503 and stored.value.retry_after
        assert "gửi lại" in stored.value.detail_vi and "again" in stored.value.detail
        assert "attachment store failed" in caplog.text and "not-a-directory" in caplog.text  # for operators
        key = "att_" + "2" * 32
        link = urlsplit(service.link("https://x", key, timedelta(minutes=1)))
        q = {k: v[0] for k, v in parse_qs(link.query).items()}
        with pytest.raises(Unavailable):
            await service.open(key, int(q["expires"]), q["signature"])

    asyncio.run(run())


def test_production_refuses_the_development_link_secret() -> None:
    from pydantic import ValidationError

    from citycomm_intake.settings import IntakeSettings
    from citycomm_notifications.settings import NotificationsSettings

    with pytest.raises(ValidationError, match="attachment_link_secret must be set"):
        IntakeSettings(environment="production", tracking_secret="s" * 48, reporting_grpc_token="t" * 32)
    notifications = {"environment": "production", "operator_token": "o" * 32,
                     "submitter_unsubscribe_key": "u" * 40}
    with pytest.raises(ValidationError, match="ATTACHMENT_LINK_SECRET"):
        NotificationsSettings(**notifications)
    accepted = NotificationsSettings(**notifications, attachment_link_secret="l" * 40)
    assert accepted.attachment_link_minutes == 60


def test_the_city_box_holds_the_city_and_not_its_neighbours(tmp_path: Path) -> None:
    from citycomm_common.settings import REPO_CONFIG_DIR
    from citycomm_intake.domain.geo import load_bounds, point

    bounds = load_bounds(REPO_CONFIG_DIR)
    for lat, long in ((10.7763, 106.7009), (10.9804, 106.6519), (10.3460, 107.0843), (8.6827, 106.6085)):
        assert point(lat, long, bounds) is not None  # Sài Gòn, Thủ Dầu Một, Vũng Tàu, Côn Đảo
    for lat, long in ((21.0285, 105.8542), (10.0452, 105.7469), (11.9404, 108.4583)):
        with pytest.raises(Invalid):  # Hà Nội, Cần Thơ, Đà Lạt
            point(lat, long, bounds)
    assert point(None, None, bounds) is None
    with pytest.raises(Invalid):
        point(float("nan"), 106.7, bounds)
    (tmp_path / "city-bounds.yaml").write_text("city: x\nsource: y\nsouth: 11\nnorth: 10\nwest: 1\neast: 2\n")
    with pytest.raises(ValueError, match="south < north"):
        load_bounds(tmp_path)
