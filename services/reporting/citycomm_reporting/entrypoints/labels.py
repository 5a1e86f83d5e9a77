"""Kinds, stages, statuses and channels as a person reads them: English message ids here, their
Vietnamese in the catalogue. A code missing here is shown as "(other)", never as itself."""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:  # noqa: N802 - the gettext marker the extractor looks for
    return message


KINDS = {"press_request": N_("Press request"), "briefing_question": N_("Briefing question"),
         "media_alert": N_("Media alert"), "citizen_feedback": N_("Citizen feedback"),
         "information_request": N_("Information request")}
STAGES = {"reminder_half": N_("Reminder at half time"), "reminder_day_before": N_("Reminder the day before"),
          "overdue": N_("Overdue"), "long_overdue": N_("Long overdue"), "escalated": N_("Escalated")}
STATUSES = {"submitted": N_("Submitted"), "assigned": N_("Assigned"), "acknowledged": N_("Acknowledged"),
            "transfer_requested": N_("Transfer requested"), "escalated": N_("Escalated"),
            "answered": N_("Answered"), "refused": N_("Refused"), "reopened": N_("Reopened"),
            "closed": N_("Closed")}
# Intake's channels (rest, grpc, rest-batch, grpc-bulk, open311) and the ones people name by hand.
CHANNELS = {"rest": N_("Connected system (REST)"), "grpc": N_("Connected system (gRPC)"),
            "rest-batch": N_("Press-briefing batch"), "grpc-bulk": N_("Bulk transfer (gRPC)"),
            "open311": N_("Citizens' app (Open311)"), "web": N_("Website"), "api": N_("Connected system"),
            "phone": N_("Telephone"), "email": N_("E-mail"), "in_person": N_("In person"), "post": N_("Post"),
            "electronic": N_("Electronic"), "briefing": N_("Press briefing")}
OTHER = N_("(other)")
NONE = N_("(none)")


def labeller(gettext: Callable[[str], str]) -> Callable[[dict[str, str], str | None], str]:
    def label(table: dict[str, str], code: str | None) -> str:
        if not code:
            return gettext(NONE)
        return gettext(table.get(code, OTHER))
    return label
