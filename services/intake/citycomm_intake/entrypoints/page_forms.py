"""The public page's form: its anti-forgery token (a signed double-submit cookie), and what the
form's fields become — the same submission models as the REST API, validated there and only there;
their errors are put back next to the form's fields."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import ValidationError

from citycomm_common.problems import field_problems
from citycomm_intake.domain.errors import Violation
from citycomm_intake.domain.geo import CityBounds, Point, point
from citycomm_intake.domain.submissions import CitizenFeedbackIn, InformationRequestIn

KEY = re.compile(r"[\x21-\x7e]{1,200}")
FORM_COOKIE = "citycomm_form"
FORM_SECONDS = 4 * 3600  # time enough to write a long complaint on a phone
KINDS = ("citizen_feedback", "information_request")
CHANNELS = ("electronic", "post", "in_person")
TEXT_FIELDS = ("kind", "category", "ward", "agency_id", "title", "description", "name", "email", "phone",
               "channel", "postal_address", "consent", "lat", "long", "submission_key", "csrf")
# The submission models' fields, as the form names them.
FIELD_OF = {"contact.email": "email", "contact.phone": "phone", "contact.name": "name",
            "requester.email": "email", "requester.phone": "phone", "requester.name": "name",
            "requester": "name", "contact": "email", "attachments": "photo", "media_url": "photo"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    message_vi: str

    def text(self, lang: str) -> str:
        return self.message_vi if lang == "vi" and self.message_vi else self.message


class FormInvalid(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("the form has errors")
        self.errors = errors


def _signer(secret: bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="citycomm-intake-public-form")


def form_token(secret: bytes, cookie: str | None) -> tuple[str, str]:
    """The cookie to keep (the browser's, or a new one) and the form's hidden token bound to it."""
    nonce = cookie if cookie and 16 <= len(cookie) <= 64 and cookie.isascii() else secrets.token_urlsafe(24)
    return nonce, str(_signer(secret).dumps(nonce))


def token_matches(secret: bytes, cookie: str | None, token: str | None) -> bool:
    """A page on another site can post the form but can neither read our cookie nor sign a token."""
    if not cookie or not token:
        return False
    try:
        bound = _signer(secret).loads(token, max_age=FORM_SECONDS)
    except BadSignature:
        return False
    return isinstance(bound, str) and hmac.compare_digest(bound.encode(), cookie.encode())


def submission_key(form: Mapping[str, str]) -> str | None:
    """The form's own Idempotency-Key, as the API bounds one; a tampered one is ignored."""
    key = form.get("submission_key", "")
    return key if KEY.fullmatch(key) else None


def _given(form: Mapping[str, str], name: str) -> str | None:
    return form.get(name, "").strip() or None


def submission_from(form: Mapping[str, str], lang: str) -> CitizenFeedbackIn | InformationRequestIn:
    """The form as the REST API's model of its kind; FormInvalid names each field that is wrong.
    Notices to the e-mail or phone given go in the page's language."""
    kind = form.get("kind", "citizen_feedback")
    if kind not in KINDS:
        raise FormInvalid([FieldError("kind", "Choose what you are sending.", "Hãy chọn loại yêu cầu.")])
    reachable: dict[str, str] = {k: v for k in ("email", "phone") if (v := _given(form, k))}
    if reachable:
        reachable["language"] = lang
    errors = []
    if reachable and kind == "citizen_feedback" and form.get("consent") != "yes":
        errors.append(FieldError("consent", "Tick the box to let us use your e-mail or phone.",
                                 "Hãy đánh dấu ô đồng ý để chúng tôi dùng e-mail hoặc số điện thoại."))
    try:
        if kind == "citizen_feedback":
            model: CitizenFeedbackIn | InformationRequestIn = CitizenFeedbackIn.model_validate({
                "category": form.get("category", ""), "ward": form.get("ward", ""),
                "title": form.get("title", ""), "description": form.get("description", ""),
                "contact": reachable or None})
        else:
            model = InformationRequestIn.model_validate({
                "agency_id": form.get("agency_id", ""), "title": form.get("title", ""),
                "description": form.get("description", ""), "channel": form.get("channel", "electronic"),
                "requester": {"name": form.get("name", ""), "language": lang, **reachable},
                "postal_address": _given(form, "postal_address")})
    except ValidationError as exc:
        raise FormInvalid(errors + from_problems(exc.errors())) from exc
    if errors:
        raise FormInvalid(errors)
    return model


def place_from(form: Mapping[str, str], bounds: CityBounds) -> Point | None:
    """The place typed or found by the phone: both or neither, numbers (a decimal comma is fine),
    inside the city (the API's own check, domain.geo)."""
    given = {}
    for name in ("lat", "long"):
        text = (_given(form, name) or "").replace(",", ".")
        try:
            given[name] = float(text) if text else None
        except ValueError:
            raise FormInvalid([FieldError(name, "Type a number, such as 10.7769.",
                                          "Hãy nhập một số, ví dụ 10,7769.")]) from None
    return point(given["lat"], given["long"], bounds)


def from_problems(errors: Iterable[object]) -> list[FieldError]:
    return [FieldError(_field(p.field, p.message), p.message, p.message_vi) for p in field_problems(errors)]


def from_violations(violations: Iterable[Violation]) -> list[FieldError]:
    return [FieldError(_field(v.field, v.message), v.message, v.message_vi) for v in violations]


def _field(name: str, message: str) -> str:
    if not name:  # a rule across fields: the message names the field
        return "postal_address" if "postal_address" in message else "email"
    name = FIELD_OF.get(name, name)
    return name.split(".")[0] if "." in name else name
