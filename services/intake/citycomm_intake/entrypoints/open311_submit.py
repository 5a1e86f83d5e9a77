"""An Open311 POST (flat fields, `attribute[code]`) read as a citizen's feedback."""

from __future__ import annotations

from pydantic import ValidationError

from citycomm_intake.domain.errors import Invalid
from citycomm_intake.domain.submissions import FeedbackIn
from citycomm_intake.entrypoints.problems import field_errors

MAX_DESCRIPTION = 4000  # what Open311's request schema allows back


def feedback_from_form(form: dict[str, str]) -> FeedbackIn:
    """Ward from attribute[ward], else address_id (a code), else address_string (a name)."""
    description = form.get("description", "").strip()
    if not description:
        raise Invalid.field("description", "is required", "Cần mô tả sự việc.")
    if len(description) > MAX_DESCRIPTION:
        raise Invalid.field("description", f"at most {MAX_DESCRIPTION} characters", "Mô tả quá dài.")
    extras = [
        f"{label}: {form[name]}"
        for name, label in (("media_url", "media"), ("lat", "lat"), ("long", "long"))
        if form.get(name)
    ]
    if extras:  # we do not geocode or store media: keep them with the text rather than drop them
        description = "\n".join([description, *extras])
    ward = form.get("attribute[ward]") or form.get("address_id") or form.get("address_string") or ""
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
        names = {"category": "service_code"}
        violations = field_errors(exc.errors())
        raise Invalid(
            "Some fields are missing or invalid.",
            "",
            [type(v)(names.get(v.field, v.field), v.message, v.message_vi) for v in violations],
        ) from exc
