"""An Open311 POST (flat fields, `attribute[code]`) read as a citizen's feedback."""

from __future__ import annotations

from pydantic import ValidationError

from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.submissions import FeedbackIn
from citycomm_intake.entrypoints.problems import field_errors

MAX_DESCRIPTION = 4000  # what Open311's request schema allows back
WARD_FIELDS = ("attribute[ward]", "address_id", "address_string")


def ward_field(form: dict[str, str]) -> str:
    """The form field the ward is read from: the first of WARD_FIELDS given."""
    return next((name for name in WARD_FIELDS if form.get(name)), WARD_FIELDS[0])


def with_ward_field(exc: Invalid, form: dict[str, str]) -> Invalid:
    """`exc` with its `ward` violations named after the field the client sent the ward in."""
    name = ward_field(form)
    violations = [type(v)(name if v.field == "ward" else v.field, v.message, v.message_vi)
                  for v in exc.violations]
    return Invalid(exc.detail, exc.detail_vi, violations)


def feedback_from_form(form: dict[str, str]) -> FeedbackIn:
    """Ward from attribute[ward], else address_id (a code), else address_string (an address naming
    the ward, kept with the description: we do not geocode, and the agency needs the street).
    lat/long and media_url are read by the caller (`geo.point`, `attachments.linked`)."""
    description = form.get("description", "").strip()
    if not description:
        raise Invalid.field("description", "is required", "Cần mô tả sự việc.")
    if len(description) > MAX_DESCRIPTION:
        raise Invalid.field("description", f"at most {MAX_DESCRIPTION} characters", "Mô tả quá dài.")
    if form.get("address_string"):  # we do not geocode: the agency needs the street
        description = "\n".join([description, f"địa chỉ / address: {form['address_string']}"])
    ward = form.get(ward_field(form), "")
    if not ward:
        raise Invalid.field(
            "attribute[ward]",
            "the ward is required (attribute[ward], address_id or address_string)",
            "Cần cho biết phường/xã.",
        )
    name = " ".join(p for p in (form.get("first_name", ""), form.get("last_name", "")) if p.strip())
    contact = {"name": name or None, "email": form.get("email") or None, "phone": form.get("phone") or None}
    fields = {
        "category": form.get("service_code", ""),
        "ward": ward,
        "title": form.get("attribute[title]") or description.splitlines()[0][:120],
        "description": description,
        "contact": contact if any(contact.values()) else None,
    }
    try:
        return FeedbackIn.model_validate(fields)
    except ValidationError as exc:
        names = {"category": "service_code", "ward": ward_field(form)}
        violations = field_errors(exc.errors())
        raise Invalid(
            "Some fields are missing or invalid.",
            "",
            [type(v)(names.get(v.field, v.field), v.message, v.message_vi) for v in violations],
        ) from exc
