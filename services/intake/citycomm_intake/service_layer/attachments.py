"""Attachments of a submission, the one API every door uses (REST, Open311, gRPC, the public page).

    refs = await container.attachments.store([photo_bytes, pdf_bytes])   # checked, sanitised, stored
    refs += [attachments.linked("https://client.example/p.jpg")]          # an Open311 media_url
    # then: submissions.submit(..., attachments=refs, location=point)

`store` checks the bounds (count 5, 10 MiB each, 25 MiB in all), the type by content (JPEG, PNG,
WebP, PDF; else `UnsupportedMedia`, 415), re-encodes images without metadata and stores them by
the hash of what is stored. `open` serves a signed link (citycomm_common.attachment_links).
Errors are `IntakeError`s, so each door reports them in its own way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from citycomm.v1 import attachments_pb2
from citycomm_common import attachment_links
from citycomm_common.clock import Clock
from citycomm_intake.adapters.attachment_store import KEY, AttachmentStore, StoreUnavailable
from citycomm_intake.domain.attachments import MAX_COUNT, check_bounds, sanitized
from citycomm_intake.domain.errors import Forbidden, Invalid, NotFound, Unavailable

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
log = logging.getLogger(__name__)
DIRECT_LINK_SECONDS = 60  # an S3 presigned GET that intake redirects a valid link to
RETRY_AFTER_SECONDS = 5  # a store that failed: try again then


@dataclass(frozen=True)
class Opened:
    """What a valid link gives: the bytes with their type, or a redirect to object storage."""

    content_type: str = ""
    data: bytes = b""
    redirect: str = ""
    disposition: str = ""


def linked(url: str, index: int = 0) -> attachments_pb2.Attachment:
    """An Open311 media_url: a file the client hosts, kept as a link (https only), not fetched."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or len(url) > 2000:
        raise Invalid.field("media_url", "media_url must be an https URL of at most 2000 characters",
                            "media_url phải là địa chỉ https, tối đa 2000 ký tự")
    return attachments_pb2.Attachment(media_url=url)


def disposition(key: str, content_type: str) -> str:
    kind = "inline" if content_type.startswith("image/") else "attachment"
    return f'{kind}; filename="{key}.{EXTENSIONS.get(content_type, "bin")}"'


@contextmanager
def _store_answering() -> Iterator[None]:
    """A store that fails is a 503 the caller may retry (the submission is not recorded), never a 500."""
    try:
        yield
    except StoreUnavailable as exc:
        log.warning("the attachment store failed: %s", exc.__cause__ or exc)
        raise Unavailable("The attachment store did not answer; nothing was recorded. Please send it "
                          "again in a moment.", "Kho lưu tệp đính kèm chưa phản hồi; chưa có gì được ghi "
                          "nhận. Vui lòng gửi lại sau ít phút.", retry_after=RETRY_AFTER_SECONDS) from exc


class Attachments:
    def __init__(self, store: AttachmentStore, *, link_secret: bytes, clock: Clock) -> None:
        self._store, self._secret, self.clock = store, link_secret, clock

    async def store(self, files: Sequence[bytes]) -> list[attachments_pb2.Attachment]:
        """Check, sanitise and store files as sent; what a submission command carries."""
        check_bounds([len(data) for data in files])
        # Decoding and re-encoding a 12 MP photo costs ~0.2 s of CPU: off the event loop (Pillow
        # releases the GIL while it codes), one file after another so one request takes one core.
        cleaned = [await asyncio.to_thread(sanitized, data, index) for index, data in enumerate(files)]
        refs = []
        for clean in cleaned:
            with _store_answering():
                await self._store.put(clean.id, clean.data, clean.content_type)
            refs.append(attachments_pb2.Attachment(id=clean.id, content_type=clean.content_type,
                                                   size=len(clean.data), sha256=clean.sha256))
        return refs

    @staticmethod
    def check_count(refs: Sequence[attachments_pb2.Attachment]) -> None:
        if len(refs) > MAX_COUNT:
            raise Invalid.field("attachments", f"at most {MAX_COUNT} attachments and media_url",
                                f"tối đa {MAX_COUNT} tệp đính kèm và media_url")

    def link(self, base_url: str, key: str, valid_for: timedelta) -> str:
        """A signed link as notifications makes them (tests and the CLI)."""
        return attachment_links.signed_link(self._secret, base_url, key, self.clock.now() + valid_for)

    async def open(self, key: str, expires: int, signature: str) -> Opened:
        now: datetime = self.clock.now()
        if not KEY.match(key) or not attachment_links.valid(self._secret, key, expires, signature, now):
            raise Forbidden("This attachment link is not valid or has expired; ask for a new one.",
                            "Đường dẫn tệp đính kèm không hợp lệ hoặc đã hết hạn.")
        with _store_answering():
            content_type = await self._store.content_type(key)
            if content_type is None:
                raise NotFound("No such attachment.", "Không có tệp đính kèm này.")
            shown = disposition(key, content_type)
            seconds = min(DIRECT_LINK_SECONDS, max(1, expires - int(now.timestamp())))
            direct = await self._store.presigned(key, shown, seconds)
            if direct:
                return Opened(redirect=direct)
            stored = await self._store.get(key)
        if stored is None:  # removed between the two reads
            raise NotFound("No such attachment.", "Không có tệp đính kèm này.")
        return Opened(stored.content_type, stored.data, disposition=shown)
