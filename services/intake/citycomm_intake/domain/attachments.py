"""Attachments checked by their content, never their name: images re-encoded without metadata.

A photo from a phone carries EXIF (GPS position, device, time) and may carry XMP, IPTC or an ICC
profile; re-encoding the pixels with Pillow, after applying the EXIF orientation, keeps none of
them. A PDF (documents for an information request) is recognised by its magic bytes and stored as
sent. Anything else is refused with 415.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from citycomm_intake.domain.errors import IntakeError, Invalid

MAX_COUNT = 5
MAX_BYTES = 10 * 1024 * 1024  # one file, as sent
MAX_TOTAL_BYTES = 25 * 1024 * 1024  # all of a submission's files, as sent
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before its pixels are decoded
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF = "application/pdf"
ACCEPTED = (*IMAGE_FORMATS.values(), PDF)


class UnsupportedMedia(IntakeError):
    status, code, title = 415, "unsupported_media_type", "Unsupported attachment type"


class TooLarge(IntakeError):
    status, code, title = 413, "too_large", "Attachment too large"


@dataclass(frozen=True)
class Clean:
    """An attachment as it is stored: its bytes after sanitising, and what they are."""

    data: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def id(self) -> str:
        return "att_" + self.sha256[:32]


def check_bounds(sizes: list[int]) -> None:
    """Count, each file's size and the total, before any file is decoded."""
    if len(sizes) > MAX_COUNT:
        raise Invalid.field("attachments", f"at most {MAX_COUNT} attachments",
                            f"tối đa {MAX_COUNT} tệp đính kèm")
    for index, size in enumerate(sizes):
        if size > MAX_BYTES:
            raise TooLarge(f"Attachment {index + 1} is over {MAX_BYTES // 2**20} MiB.",
                           f"Tệp đính kèm thứ {index + 1} lớn hơn {MAX_BYTES // 2**20} MiB.")
        if size == 0:
            raise Invalid.field("attachments", f"attachment {index + 1} is empty",
                                f"tệp đính kèm thứ {index + 1} rỗng")
    if sum(sizes) > MAX_TOTAL_BYTES:
        raise TooLarge(f"The attachments together are over {MAX_TOTAL_BYTES // 2**20} MiB.",
                       f"Tổng dung lượng tệp đính kèm lớn hơn {MAX_TOTAL_BYTES // 2**20} MiB.")


def sanitized(data: bytes, index: int = 0) -> Clean:
    """The attachment to store: an image re-encoded in its own format without metadata, or a PDF."""
    if data.startswith(b"%PDF-"):
        return Clean(data, PDF)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise TooLarge(f"Attachment {index + 1} has over {MAX_PIXELS} pixels.",
                                   f"Ảnh đính kèm thứ {index + 1} quá nhiều điểm ảnh.")
                kind = str(image.format)
                return Clean(_reencoded(image, kind), IMAGE_FORMATS[kind])
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError) as exc:
        raise _refused(index) from exc


def _refused(index: int) -> UnsupportedMedia:
    return UnsupportedMedia(
        f"Attachment {index + 1} is not a JPEG, PNG or WebP image nor a PDF document "
        "(its content was checked, not its name).",
        f"Tệp đính kèm thứ {index + 1} không phải ảnh JPEG, PNG, WebP hay tài liệu PDF "
        "(hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp).",
    )


def _reencoded(image: Image.Image, kind: str) -> bytes:
    upright = ImageOps.exif_transpose(image)  # the pixels as the phone showed them, no tag left
    if upright.mode not in ("RGB", "L") and (kind == "JPEG" or upright.mode not in ("RGBA", "LA")):
        upright = upright.convert("RGB" if kind == "JPEG" else "RGBA")
    pixels = Image.new(upright.mode, upright.size)  # a fresh image: no info, exif, icc or xmp
    pixels.paste(upright)
    out = io.BytesIO()
    options: dict[str, object] = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    pixels.save(out, format=kind, **options)
    return out.getvalue()
