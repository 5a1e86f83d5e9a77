"""A change in the submitter's words: Vietnamese by default, English on request; an e-mail (HTML and
plain text), an SMS text, and the Zalo ZNS template data, from templates/submitter/ (Jinja2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from citycomm_notifications.domain.submitter_changes import Change

CITY = ZoneInfo("Asia/Ho_Chi_Minh")
SMS_ANSWER_CHARS = 300  # an SMS carries the start of the answer; the e-mail the whole of it
ZNS_VALUE_CHARS = 100  # ZNS caps each template parameter's length
SUBJECT_TITLE_CHARS = 80  # a draft's title in a subject line

SUBJECTS = {
    "vi": {
        "received": "Đã tiếp nhận phản ánh {code}",
        "acknowledged": "Cơ quan đã tiếp nhận xử lý {code}",
        "transferred": "Phản ánh {code} đã được chuyển cơ quan xử lý",
        "extended": "Gia hạn thời hạn trả lời {code}",
        "answered": "Đã có trả lời cho {code}",
        "overdue": "Phản ánh {code} đã quá hạn trả lời",
        "consultation_response": "Tiếp thu, giải trình ý kiến góp ý dự thảo «{title}»",
    },
    "en": {
        "received": "We received your submission {code}",
        "acknowledged": "The agency has taken up {code}",
        "transferred": "{code} was transferred to another agency",
        "extended": "The deadline for {code} was extended",
        "answered": "{code} has been answered",
        "overdue": "The answer to {code} is overdue",
        "consultation_response": "The response to the comments on the draft «{title}»",
    },
}

_env = Environment(loader=PackageLoader("citycomm_notifications", "templates/submitter"),
                   autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str  # the e-mail's plain-text part
    html: str
    sms: str
    zns: dict[str, str]  # ZNS template_data: every value a string


def day(moment: datetime | None) -> str:
    """dd/mm/yyyy in the city's time zone ("" when there is no date)."""
    return moment.astimezone(CITY).strftime("%d/%m/%Y") if moment is not None else ""


def render(change: Change, language: str, unsubscribe_url: str) -> Rendered:
    lang = language if language in SUBJECTS else "vi"
    subject = SUBJECTS[lang][change.kind].format(code=change.tracking_code,
                                                 title=_cut(change.title, SUBJECT_TITLE_CHARS))
    due = day(change.due)
    lines = _env.get_template("_lines.txt").module
    # plain strings, so the HTML part escapes what the submitter or the agency wrote
    values = {"c": change, "lang": lang, "subject": subject, "unsubscribe_url": unsubscribe_url,
              "lead": str(lines.lead(change, lang, due)).strip(),  # type: ignore[attr-defined]
              "signature": str(lines.signature(lang)), "stop": str(lines.unsubscribe(lang))}  # type: ignore[attr-defined]
    sms = _env.get_template("sms.txt").render(**values, answer=_cut(change.answer, SMS_ANSWER_CHARS))
    return Rendered(subject=subject,
                    text=_env.get_template("mail.txt").render(**values),
                    html=_env.get_template("mail.html").render(**values),
                    sms=" ".join(sms.split()),
                    zns={"tracking_code": change.tracking_code, "status": change.kind,
                         "due_date": day(change.due),
                         "title": _cut(change.title, ZNS_VALUE_CHARS),
                         "answer": _cut(change.answer, ZNS_VALUE_CHARS),
                         **({"link": link} if (link := change.extra.get("response_url")) else {})})


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
