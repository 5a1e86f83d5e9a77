"""Files and a place as multipart forms carry them (REST, Open311, the public page): bounded before
they are read, then handed to `Attachments.store` and `geo.point`."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData, UploadFile

from citycomm_intake.domain.attachments import MAX_BYTES, MAX_COUNT, check_bounds
from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.geo import CityBounds, Point, point

MAX_FIELDS = 100


async def files_of(uploads: Sequence[UploadFile]) -> list[bytes]:
    """The files' bytes, refused before reading when too many or too large (spooled by Starlette)."""
    chosen = [u for u in uploads if u.filename or (u.size or 0) > 0]  # an empty file input sends none
    check_bounds([u.size if u.size is not None else MAX_BYTES + 1 for u in chosen])
    return [await u.read() for u in chosen]


def uploads_in(form: FormData, *names: str) -> list[UploadFile]:
    return [v for name in names for v in form.getlist(name) if isinstance(v, UploadFile)]


def number(field: str, text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise Invalid.field(field, "must be a number in decimal degrees (WGS 84)",
                            "phải là số độ thập phân (WGS 84)") from None


def place(lat: str | None, long: str | None, bounds: CityBounds) -> Point | None:
    """`lat`/`long` as form text: both or neither, numbers, inside the city."""
    return point(number("lat", lat), number("long", long), bounds)


__all__ = ["MAX_COUNT", "MAX_FIELDS", "files_of", "number", "place", "uploads_in"]
