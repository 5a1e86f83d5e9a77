"""Who hears of a consultation on a draft legal document, and the webhook each gets (issue 20,
decision 0114).

Routing's consultation events on inquiry.events (decision 0113) become webhooks:
- `consultation.opened`, `consultation.changed`: to the audiences: every press agency and the Press
  Center when the press is an audience, and each named organisation that is an agency of the
  directory;
- `consultation.closed`, `consultation.response_published`: to every press agency and the Press
  Center (the events do not repeat the audiences; the press is told of every close and response);
  the response also to each agency that commented (`commenter_ids`, those in the directory);
- `consultation.comment_received`: to the drafting agency, which the comment is routed to (the
  commenter's contact never travels: routing's event carries it for the response to the commenter,
  decision 0116, and it is cleared here, so the payload's `contact` is always null).
Each agency gets one notice per event, whatever number of reasons it has to get it.
"""

from __future__ import annotations

from google.protobuf.message import Message

from citycomm.v1 import consultations_pb2 as cpb
from citycomm_common.directory import AgencyKind, Directory
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload

CONSULTATION_TYPES: dict[type[Message], str] = {
    cpb.ConsultationOpened: "consultation.opened",
    cpb.ConsultationChanged: "consultation.changed",
    cpb.ConsultationClosed: "consultation.closed",
    cpb.ConsultationCommentReceived: "consultation.comment_received",
    cpb.ConsultationResponsePublished: "consultation.response_published",
}
PRESS_KINDS = (AgencyKind.PRESS_AGENCY, AgencyKind.PRESS_CENTER)


def press(directory: Directory) -> list[str]:
    """Every press agency and the Press Center, as the directory lists them."""
    return [a.id for a in directory.agencies if a.kind in PRESS_KINDS]


def audience_agencies(draft: cpb.ConsultationDraft, directory: Directory) -> list[str]:
    """The agencies a draft is put to: the press (if an audience) and the named organisations."""
    known = {a.id for a in directory.agencies}
    found = press(directory) if cpb.CONSULTATION_AUDIENCE_PRESS in draft.audiences else []
    if cpb.CONSULTATION_AUDIENCE_ORGANISATIONS in draft.audiences:
        found += [o for o in draft.organisation_ids if o in known]
    return found


def consultation_notices(message: Message, event_id: str, directory: Directory) -> list[Notice]:
    """The webhooks one consultation event causes; none for any other message."""
    event_type = CONSULTATION_TYPES.get(type(message))
    if event_type is None:
        return []
    if isinstance(message, (cpb.ConsultationOpened, cpb.ConsultationChanged)):
        targets = audience_agencies(message.draft, directory)
    elif isinstance(message, cpb.ConsultationCommentReceived):
        targets = [message.drafting_agency_id]
        without_contact = cpb.ConsultationCommentReceived()
        without_contact.CopyFrom(message)
        without_contact.ClearField("contact")
        message = without_contact
    elif isinstance(message, cpb.ConsultationResponsePublished):
        known = {a.id for a in directory.agencies}
        targets = press(directory) + [c for c in message.commenter_ids if c in known]
    else:
        targets = press(directory)
    consultation_id: str = message.consultation_id  # type: ignore[attr-defined]  # all five have one
    data = payload(event_type, message)
    return [Notice(event_type, agency, consultation_id, data, event_id)
            for agency in dict.fromkeys(targets) if agency]
