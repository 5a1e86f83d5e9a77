"""A report Document as the file a person downloads: PDF, spreadsheet or CSV (adapters/documents.py)."""

from __future__ import annotations

from collections.abc import Callable

from citycomm_reporting.adapters import documents
from citycomm_reporting.domain.documents import Document

FORMATS: dict[str, tuple[str, Callable[[Document], bytes]]] = {
    "pdf": ("application/pdf", documents.to_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", documents.to_xlsx),
    "csv": ("text/csv; charset=utf-8", documents.to_csv),
}


def as_file(document: Document, format: str) -> tuple[bytes, str]:  # noqa: A002
    """The bytes and their media type."""
    media_type, write = FORMATS[format]
    return write(document), media_type
