"""E-mail to submitters over SMTP (aiosmtplib): the embedded server of `make run`, or the city's
relay with STARTTLS and AUTH. A multipart message: plain text first, HTML as the alternative."""

from __future__ import annotations

import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib

from citycomm.v1.submitter_notices_pb2 import SubmitterMessage
from citycomm_common.clock import Clock, SystemClock
from citycomm_notifications.adapters.webhooks import Attempt
from citycomm_notifications.service_layer.submitter_channels import REFUSED


class MailChannel:
    name = "email"

    def __init__(self, *, host: str, port: int, sender: str, username: str = "", password: str = "",
                 starttls: bool = False, timeout: float = 10.0, clock: Clock | None = None) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password, self._starttls = username, password, starttls
        self._timeout, self._clock = timeout, clock or SystemClock()

    def compose(self, message: SubmitterMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self._sender, message.address, message.subject
        mail["Date"] = format_datetime(self._clock.now())
        domain = self._sender.rsplit("@", 1)[-1].strip(">")
        mail["Message-ID"] = make_msgid(idstring=message.message_id, domain=domain)
        mail["X-CityComm-Message"] = message.message_id
        if message.unsubscribe_url:  # RFC 8058 one-click: the mail client POSTs to the link
            mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        return mail

    async def send(self, message: SubmitterMessage) -> Attempt:
        started = time.perf_counter()
        try:
            await aiosmtplib.send(
                self.compose(message), hostname=self._host, port=self._port, timeout=self._timeout,
                username=self._username or None, password=self._password or None,
                start_tls=self._starttls)
        except aiosmtplib.SMTPRecipientsRefused as refused:
            return self._failed(started, REFUSED, f"recipient refused: {_codes(refused)}")
        except aiosmtplib.SMTPResponseException as answer:
            status = REFUSED if 500 <= answer.code < 600 else 503
            return self._failed(started, status, f"SMTP {answer.code}")
        except (aiosmtplib.SMTPException, OSError) as exc:
            return self._failed(started, 0, f"SMTP unavailable: {type(exc).__name__}")
        return Attempt(250, (time.perf_counter() - started) * 1000)

    @staticmethod
    def _failed(started: float, status: int, error: str) -> Attempt:
        return Attempt(status if status else 0, (time.perf_counter() - started) * 1000, error=error)

    async def close(self) -> None:
        return None


def _codes(refused: aiosmtplib.SMTPRecipientsRefused) -> str:
    # the exception's text names the address: only the codes are kept
    return ",".join(str(r.code) for r in refused.recipients)
