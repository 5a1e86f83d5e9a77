"""Open311 GeoReport v2 shapes: services, definitions and requests as JSON-ready dicts, and XML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm_common.directory import Category
from citycomm_common.vocabulary import enum_name
from citycomm_common.wards import WardRegistry
from citycomm_intake.entrypoints.views import moment_text

SPEC = "http://wiki.open311.org/GeoReport_v2"
# Our statuses beyond Open311's open/closed: the richer-status extension (`extended_status`).
CLOSED = {
    common_pb2.LIFECYCLE_STATUS_ANSWERED,
    common_pb2.LIFECYCLE_STATUS_REFUSED,
    common_pb2.LIFECYCLE_STATUS_CLOSED,
}
_ITEM = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "document_urls": "url",
}
_ROOT_ITEM = {"services": "service", "service_requests": "request", "errors": "error",
              "consultations": "consultation"}


def service(category: Category, jurisdiction_id: str) -> dict[str, Any]:
    return {
        "jurisdiction_id": jurisdiction_id,
        "service_code": category.code,
        "service_name": category.name_vi,
        "description": category.name_en,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(category.keywords) or None,
        "group": category.level.value,
    }


def definition(category: Category, wards: WardRegistry) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "ward",
                "datatype": "singlevaluelist",
                "required": True,
                "order": 1,
                "datatype_description": "official code; names (with or without accents) are accepted too, "
                "and address_string may be an address naming the ward (from before July 2025 too: "
                "'Phường Bến Nghé, Quận 1')",
                "description": "Phường, xã, đặc khu nơi xảy ra sự việc / ward or commune where it happens",
                "values": [{"key": w.code, "name": w.name} for w in wards.all()],
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "order": 2,
                "datatype_description": "at most 200 characters",
                "description": "Tiêu đề / a short title",
                "values": [],
            },
        ],
    }


def request(
    status: reporting_pb2.InquiryStatus, categories: Mapping[str, Category], wards: WardRegistry
) -> dict[str, Any]:
    category = categories.get(status.category)
    ward = wards.by_code(status.ward_code) if status.ward_code in wards else None
    closed = status.lifecycle_status in CLOSED
    notes = status.refusal_ground if status.refused else status.answer  # never a rejected command
    return {
        "service_request_id": status.tracking_code,
        "status": "closed" if closed else "open",
        "extended_status": "refused" if status.refused else (
            enum_name(common_pb2.LifecycleStatus, status.lifecycle_status) or "submitted"
        ),
        "overdue": status.overdue,
        "status_notes": (notes or None) and notes[:4000],
        "service_name": category.name_vi if category else None,
        "service_code": status.category,
        "description": status.title[:4000] or None,
        "agency_responsible": status.agency_name or status.agency_id or None,
        "service_notice": status.legal_basis or None,
        "requested_datetime": moment_text(status, "received_time") or moment_text(status, "updated_time"),
        "updated_datetime": moment_text(status, "updated_time") or None,
        "expected_datetime": moment_text(status, "due_time") or None,
        "address": ward.name if ward else None,
        "address_id": status.ward_code or None,
        "zipcode": None,
        "lat": status.location.lat if status.HasField("location") else None,
        "long": status.location.long if status.HasField("location") else None,
        "media_url": status.media_url or None,  # a link the client gave; our stored files stay private
    }


def consultation(listed: reporting_pb2.ListedConsultation, comment_url: str, page_url: str) -> dict[str, Any]:
    """An open consultation in the listing beside GeoReport (a CityComm extension, issue 20): comment
    on it by POSTing to `comment_url` (REST) or on the public page (`page_url`)."""
    return {
        "consultation_id": listed.consultation_id,
        "title": listed.title,
        "description": listed.summary[:4000] or None,
        "agency_responsible": listed.drafting_agency_name or listed.drafting_agency_id or None,
        "agency_id": listed.drafting_agency_id or None,
        "opens_datetime": moment_text(listed, "opens_time") or None,
        "closes_datetime": moment_text(listed, "closes_time") or None,
        "document_urls": list(listed.document_links),
        "comments": listed.comments,
        "comment_url": comment_url,
        "page_url": page_url,
    }


def errors(status: int, *descriptions: str) -> list[dict[str, Any]]:
    return [{"code": status, "description": d} for d in descriptions]


def to_xml(root: str, body: Any) -> bytes:
    element = Element(root)
    if isinstance(body, list):
        for item in body:
            _fill(SubElement(element, _ROOT_ITEM.get(root, "item")), item)
    else:
        _fill(element, body)
    return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="unicode").encode()


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for name, child in value.items():
            if isinstance(child, list):
                holder = SubElement(element, name)
                _items(holder, _ITEM.get(name, "item"), child)
            else:
                _fill(SubElement(element, name), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _items(holder: Element, name: str, items: Iterable[Any]) -> None:
    for item in items:
        _fill(SubElement(holder, name), item)


def public_request(
    status: reporting_pb2.InquiryStatus, categories: Mapping[str, Category], wards: WardRegistry
) -> dict[str, Any]:
    """A citizen's request as anyone may see it (GET requests without a key): where, what kind, who
    answers, by when, how it stands. Its id is the inquiry id, not the tracking code (which shows
    the citizen's own words and the answer); nothing the citizen wrote, no answer text."""
    return request(status, categories, wards) | {
        "service_request_id": status.inquiry_id,
        "description": None,
        "status_notes": None,
        "lat": None,  # a place can point at the citizen's home: only its holder sees it
        "long": None,
        "media_url": None,
    }
