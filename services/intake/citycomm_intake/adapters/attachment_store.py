"""Where attachments live: the local filesystem (embedded default) or S3-compatible object storage."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

KEY = re.compile(r"^att_[0-9a-f]{32}$")


@dataclass(frozen=True)
class Stored:
    data: bytes
    content_type: str


class StoreUnavailable(RuntimeError):
    """The store did not take or give a file now (a full or read-only disk, a bucket out of reach):
    nothing was recorded, the caller may try again later. A missing file is no failure: None."""


@contextmanager
def _unavailable_on(*failures: type[Exception]) -> Iterator[None]:
    try:
        yield
    except failures as exc:
        raise StoreUnavailable(f"attachment store: {exc}") from exc


class AttachmentStore(Protocol):
    """Every method raises StoreUnavailable when the store fails."""

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> Stored | None: ...

    async def content_type(self, key: str) -> str | None: ...

    async def presigned(self, key: str, disposition: str, seconds: int) -> str | None:
        """A direct link to the object (S3 presigned GET), or None: intake serves the bytes."""
        ...


class FilesystemStore:
    """One file per attachment under `root`, its content type in a sibling `.type` file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not KEY.match(key):  # the key names a file: never a path from outside
            raise ValueError(f"not an attachment key: {key!r}")
        return self.root / key[4:6] / key

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        with _unavailable_on(OSError):
            await asyncio.to_thread(self._write, self._path(key), data, content_type)

    @staticmethod
    def _write(path: Path, data: bytes, content_type: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((path.with_suffix(".type"), content_type.encode()), (path, data)):
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(content)
            partial.replace(target)  # atomic: a reader sees the whole file or none

    async def get(self, key: str) -> Stored | None:
        with _unavailable_on(OSError):
            return await asyncio.to_thread(self._read, self._path(key))

    @staticmethod
    def _read(path: Path) -> Stored | None:
        try:
            return Stored(path.read_bytes(), path.with_suffix(".type").read_text())
        except FileNotFoundError:
            return None

    async def content_type(self, key: str) -> str | None:
        type_file = self._path(key).with_suffix(".type")
        with _unavailable_on(OSError):
            try:
                return await asyncio.to_thread(type_file.read_text)
            except FileNotFoundError:
                return None

    async def presigned(self, key: str, disposition: str, seconds: int) -> str | None:
        return None


class S3Store:
    """A bucket of an S3-compatible server (AWS S3, MinIO, Ceph RGW...) through boto3."""

    def __init__(self, client: Any, bucket: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError  # boto3's own dependency

        self.client, self.bucket = client, bucket
        self._failures: tuple[type[Exception], ...] = (BotoCoreError, ClientError)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        with _unavailable_on(*self._failures):
            await asyncio.to_thread(self.client.put_object, Bucket=self.bucket, Key=key, Body=data,
                                    ContentType=content_type)

    async def get(self, key: str) -> Stored | None:
        def read() -> Stored | None:
            try:
                found = self.client.get_object(Bucket=self.bucket, Key=key)
            except self.client.exceptions.NoSuchKey:
                return None
            return Stored(found["Body"].read(), found["ContentType"])

        with _unavailable_on(*self._failures):
            return await asyncio.to_thread(read)

    async def content_type(self, key: str) -> str | None:
        def head() -> str | None:
            try:
                found = self.client.head_object(Bucket=self.bucket, Key=key)
            except self.client.exceptions.ClientError as error:
                if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                    return None
                raise
            return str(found["ContentType"])

        with _unavailable_on(*self._failures):
            return await asyncio.to_thread(head)

    async def presigned(self, key: str, disposition: str, seconds: int) -> str | None:
        params = {"Bucket": self.bucket, "Key": key, "ResponseContentDisposition": disposition}
        url: str = await asyncio.to_thread(self.client.generate_presigned_url, "get_object",
                                           Params=params, ExpiresIn=seconds)
        return url


def s3_client(endpoint_url: str, region: str, access_key_id: str, secret_access_key: str) -> Any:
    import boto3  # only a deployment that uses S3 imports it

    return boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region,
                        aws_access_key_id=access_key_id or None,
                        aws_secret_access_key=secret_access_key or None)
