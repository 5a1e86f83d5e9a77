"""What the public page shows: the form's choices (categories, wards, agencies by name in the
page's language) and an inquiry followed by its code — the public view's fields (decision 0052),
with names for codes and a timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from citycomm_common.directory import AgencyKind
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_intake.bootstrap import Container
from citycomm_intake.entrypoints.page_render import gettext
from citycomm_intake.entrypoints.views import PublicInquiryView


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


STATUSES = {"submitted": N_("Received, being routed"), "assigned": N_("Sent to the agency that answers"),
            "acknowledged": N_("The agency is handling it"), "transfer_requested": N_("Being transferred"),
            "escalated": N_("Followed up by the City People's Committee Office"), "answered": N_("Answered"),
            "refused": N_("Refused"), "reopened": N_("Reopened"), "closed": N_("Closed")}
KINDS = {"citizen_feedback": N_("Feedback"), "information_request": N_("Information request")}


def choices(deps: Container, lang: str) -> dict[str, Any]:
    today = deps.clock.now().astimezone(CITY_ZONE).date()
    agencies = [a for a in deps.directory.current.active(today) if a.kind != AgencyKind.PRESS_AGENCY]
    # Departments first (most information requests are theirs), then the ward committees.
    agencies.sort(key=lambda a: (a.kind == AgencyKind.WARD, a.name))
    named = ((c.code, c.name_vi if lang == "vi" else c.name_en) for c in deps.categories.values())
    categories = sorted(named, key=lambda pair: pair[1])
    wards = sorted(((w.code, w.name) for w in deps.wards.all()), key=lambda pair: pair[1])
    return {"categories": categories, "wards": wards, "agencies": [(a.id, a.name) for a in agencies]}


@dataclass(frozen=True)
class Step:
    label: str
    at: str | None  # RFC 3339
    done: bool


def follow_view(view: PublicInquiryView, deps: Container, lang: str) -> dict[str, Any]:
    def say(message: str) -> str:
        return gettext(lang, message)

    category = deps.categories.get(view.category or "")
    ward = deps.wards.by_code(view.ward_code) if view.ward_code and view.ward_code in deps.wards else None
    ended = view.status in ("answered", "refused", "closed")
    steps = [Step(say("Received"), view.received_at, True)]
    if view.agency_name or view.agency_id:
        steps.append(Step(say("Sent to the agency that answers"), None, True))
    if view.answered_at:
        steps.append(Step(say("Refused") if view.refused else say("Answered"), view.answered_at, True))
    elif view.due_at and not ended:
        steps.append(Step(say("Answer due by"), view.due_at, False))
    return {
        "view": view, "steps": steps,
        "status": say(STATUSES.get(view.status, N_("Received, being routed"))),
        "kind": say(KINDS[view.kind]) if view.kind in KINDS else "",
        "category": (category.name_vi if lang == "vi" else category.name_en) if category else view.category,
        "ward": ward.name if ward else view.ward_code,
        "agency": agency_name(deps, view),
    }


def agency_name(deps: Container, view: PublicInquiryView) -> str | None:
    """The directory's full name (a citizen may not know "UBND P."), else the read model's, never a code."""
    try:
        return deps.directory.current.get(view.agency_id).name if view.agency_id else None
    except LookupError:
        return view.agency_name or view.agency_id
