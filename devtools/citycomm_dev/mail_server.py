"""The embedded SMTP server of `make run` (aiosmtpd): keeps the last messages CityComm sends to
submitters, so the demo inbox can show them ("E-mail" section, /api/mail). Local use only: it
listens on 127.0.0.1, accepts any sender and recipient, and keeps nothing on disk."""

from __future__ import annotations

import html
import threading
from collections import deque
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

MAX_KEPT = 200


class DemoMailbox:
    """aiosmtpd's handler: each accepted message, parsed, newest last (the SMTP thread writes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: deque[dict[str, Any]] = deque(maxlen=MAX_KEPT)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode()
        mail = message_from_bytes(data, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        with self._lock:
            self._messages.append(_summary(mail, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages)


def _part(mail: EmailMessage, subtype: str) -> str:
    body = mail.get_body(preferencelist=(subtype,))
    return body.get_content() if body is not None else ""


def _summary(mail: EmailMessage, recipients: list[str]) -> dict[str, Any]:
    return {"received_at": datetime.now(UTC).isoformat(), "to": recipients, "from": str(mail["From"]),
            "subject": str(mail["Subject"]), "message_id": str(mail["X-CityComm-Message"] or ""),
            "list_unsubscribe": str(mail["List-Unsubscribe"] or ""),
            "text": _part(mail, "plain"), "html": _part(mail, "html")}


def start_mail_server(port: int, mailbox: DemoMailbox) -> Controller:
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def mail_section(mailbox: DemoMailbox) -> str:
    """The inbox page's "E-mail" section: what submitters were sent, newest first."""
    rows = "".join(
        f"<tr><td>{html.escape(m['received_at'])}</td><td>{html.escape(', '.join(m['to']))}</td>"
        f"<td>{html.escape(m['subject'])}</td><td><pre>{html.escape(m['text'])}</pre></td></tr>"
        for m in reversed(mailbox.messages()))
    return ("<h2>E-mail</h2><p>Messages to submitters through the embedded SMTP server "
            "(JSON: /api/mail).</p><table border=1 cellpadding=4><tr><th>received</th><th>to</th>"
            f"<th>subject</th><th>text</th></tr>{rows}</table>")
