"""Who may see which inquiry: enforced at intake for reads; routing judges transitions."""

from __future__ import annotations

from collections.abc import Callable, Collection

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm_intake.domain.errors import Forbidden
from citycomm_intake.domain.oversight import DisputeIn, OversightAction
from citycomm_intake.domain.principals import Principal, Role

_SUBMITTER_ROLES = {Role.PRESS_AGENCY, Role.PRESS_CENTER, Role.OPEN311_CLIENT}
# Who may dispute an answer: a submitter known by its key (routing checks it is this inquiry's).
_DISPUTERS = {Role.PRESS_AGENCY, Role.PRESS_CENTER, Role.OPERATOR}
# What anyone may list without a key (Open311's GET requests): citizens' feedback, never press or
# information requests, and only fields without personal data or a citizen's words (§7).
PUBLIC_KIND = common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK


# What anyone holding a tracking code may know. A list of what is shown, not of what is hidden, so a
# field added to InquiryStatus stays private until someone decides it is public. The deprecated
# fields (status, due_at, ...) say what their typed replacements say.
PUBLIC_FIELDS = frozenset({
    "inquiry_id", "tracking_code", "kind", "lifecycle_status", "agency_id", "agency_name",
    "co_handling_agency_ids", "due_time", "policy_id", "legal_basis", "received_time", "updated_time",
    "category", "ward_code", "title", "answer", "refused", "refusal_ground", "answered_time", "overdue",
    "status", "due_at", "received_at", "updated_at", "answered_at",
    "location", "media_url",  # what the submitter gave (issue 18); the open listing still hides them
})


def public(status: reporting_pb2.InquiryStatus) -> reporting_pb2.InquiryStatus:
    """The inquiry as the public sees it by tracking code: not who submitted it, not the commands
    routing rejected (another agency's mistaken action), nothing an agency keeps to itself."""
    shown = reporting_pb2.InquiryStatus()
    shown.CopyFrom(status)
    for field in shown.DESCRIPTOR.fields:
        if field.name not in PUBLIC_FIELDS:
            shown.ClearField(field.name)
    return shown


def may_see(principal: Principal, inquiry: reporting_pb2.InquiryStatus) -> bool:
    """Operators see all; an agency what is assigned to it; a submitter what it submitted."""
    if principal.role is Role.OPERATOR:
        return True
    if principal.role is Role.AGENCY:
        return principal.party_id in (inquiry.agency_id, *inquiry.co_handling_agency_ids)
    if principal.role in _SUBMITTER_ROLES:
        return _submitted_by(principal, inquiry.submitted_by)
    return False


def sees_own_submissions(principal: Principal) -> bool:
    """Whether the caller may read back what it submits, and so the outcome of submitting it: not an
    anonymous citizen (the tracking code is theirs), nor an agency (it sees what is assigned to it)."""
    return principal.role is Role.OPERATOR or principal.role in _SUBMITTER_ROLES


def _submitted_by(principal: Principal, actor: common_pb2.Actor) -> bool:
    mine = principal.actor()
    return bool(actor.role == mine.role and actor.id == mine.id)


def list_scope(principal: Principal, agency_id: str = "") -> reporting_pb2.ListInquiriesRequest:
    """The listing a caller may ask for; the scope comes from the key, never from the request."""
    if principal.role is Role.OPERATOR:
        return reporting_pb2.ListInquiriesRequest(agency_id=agency_id)
    if agency_id and not (principal.role is Role.AGENCY and agency_id == principal.party_id):
        raise Forbidden(
            "Only operators may list another agency's inquiries.",
            "Chỉ người vận hành được xem danh sách của cơ quan khác.",
        )
    if principal.role is Role.AGENCY:
        return reporting_pb2.ListInquiriesRequest(agency_id=principal.party_id)
    if principal.role in _SUBMITTER_ROLES:
        return reporting_pb2.ListInquiriesRequest(submitter_id=principal.actor().id)
    raise Forbidden(
        "Citizens follow their inquiries by tracking code.", "Người dân theo dõi phản ánh bằng mã tra cứu."
    )


def public_listing(request: reporting_pb2.ListInquiriesRequest) -> reporting_pb2.ListInquiriesRequest:
    """The listing anyone may ask for: citizens' feedback, the request's filters, no scope."""
    return reporting_pb2.ListInquiriesRequest(
        inquiry_kind=PUBLIC_KIND,
        category=request.category,
        ward_code=request.ward_code,
        received_from=request.received_from,
        received_to=request.received_to,
        page_size=request.page_size,
        page_token=request.page_token,
    )


def is_public(inquiry: reporting_pb2.InquiryStatus) -> bool:
    """Whether anyone may see the public fields of this inquiry (citizens' feedback only)."""
    return bool(inquiry.kind == PUBLIC_KIND)


def oversees(principal: Principal, offices: Callable[[], Collection[str]]) -> bool:
    """Operators, and an agency key of the coordinating office (the directory's coordinator and its
    supervisor); `offices` reads the live directory, asked only for an agency key."""
    if principal.role is Role.OPERATOR:
        return True
    return principal.role is Role.AGENCY and principal.party_id in offices()


def authorise_action(principal: Principal, action: object, offices: Callable[[], Collection[str]]) -> None:
    """Whether the caller's role may ask for `action` at all; routing judges the inquiry itself."""
    if isinstance(action, DisputeIn):
        if principal.role not in _DISPUTERS:
            raise Forbidden(
                "Only the submitter (its press agency or Press Center key) or an operator may "
                "dispute an answer.",
                "Chỉ người gửi (bằng khóa của cơ quan báo chí hoặc Trung tâm Báo chí) hoặc người vận "
                "hành được khiếu nại câu trả lời.",
            )
    elif isinstance(action, OversightAction):
        if not oversees(principal, offices):
            raise Forbidden(
                "Only operators and the coordinating office may reassign, close or settle a dispute.",
                "Chỉ người vận hành và cơ quan điều phối được giao lại, đóng hoặc giải quyết khiếu nại.",
            )
    elif principal.role is not Role.AGENCY:
        raise Forbidden(
            "Only the assigned agency may act on an inquiry.",
            "Chỉ cơ quan được giao mới được xử lý yêu cầu.",
        )
