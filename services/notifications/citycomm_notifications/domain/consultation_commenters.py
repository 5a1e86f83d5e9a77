"""Who commented on a consultation with a phone or e-mail, and the response they are told of (issue
20, decision 0116): routing's consultation events move the consultation's ConsultationCommenters
record, as lifecycle events move an inquiry's SubmitterContact (submitter_changes). No channel, no
words here."""

from __future__ import annotations

from google.protobuf.message import Message

from citycomm.v1 import consultations_pb2 as cpb
from citycomm.v1.submitter_notices_pb2 import ConsultationCommenters, SubmitterContact
from citycomm_notifications.domain.submitter_changes import Change, language

RESPONSE = "consultation_response"


def apply_consultation(record: ConsultationCommenters | None,
                       message: Message) -> tuple[ConsultationCommenters | None, Change | None]:
    """The consultation's commenters after the event, and the response to tell them of (if any).

    A record is kept from the opening (for the draft's title) or the first comment with an address;
    each address pair is kept once. The response's change comes each time the event does (a replay
    too): the messages' ids, fixed by the consultation and the address, keep it to one each."""
    if isinstance(message, (cpb.ConsultationOpened, cpb.ConsultationChanged)):
        after = _copy(record, message.consultation_id)
        after.title = message.draft.title
        return after, None
    if isinstance(message, cpb.ConsultationCommentReceived):
        given = message.contact
        if not (given.email or given.phone):
            return record, None
        after = _copy(record, message.consultation_id)
        commenter = ConsultationCommenters.Commenter(email=given.email, phone=given.phone,
                                                     language=language(given.language))
        if all((c.email, c.phone) != (commenter.email, commenter.phone) for c in after.commenters):
            after.commenters.append(commenter)
        return after, None
    if isinstance(message, cpb.ConsultationResponsePublished) and record is not None:
        after = _copy(record, message.consultation_id)
        if not after.HasField("responded_time"):
            after.responded_time.CopyFrom(message.published_time)
        return after, Change(RESPONSE, f"{RESPONSE}/{message.consultation_id}", "", after.title, None,
                             answer=message.summary, extra={"response_url": message.response_url})
    return record, None


def recipients(record: ConsultationCommenters) -> list[SubmitterContact]:
    """Each commenter as the submitters' notices address one (inquiry_id: the consultation's id)."""
    return [SubmitterContact(inquiry_id=record.consultation_id, title=record.title, email=c.email,
                             phone=c.phone, language=c.language) for c in record.commenters]


def _copy(record: ConsultationCommenters | None, consultation_id: str) -> ConsultationCommenters:
    after = ConsultationCommenters(consultation_id=consultation_id)
    if record is not None:
        after.CopyFrom(record)
    return after
