"""A consultation's lifecycle as plain functions: opened against the policy in force, changed while
open, closed, its summary and response published; comments accepted only while it is open."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_routing.domain.consultation_policies import ConsultationPolicyBook, Level, city_day

__all__ = [
    "AUDIENCES",
    "Consultation",
    "ConsultationRefused",
    "Draft",
    "accept_comment",
    "authorise",
    "change",
    "close",
    "open_consultation",
    "publish_response",
]

Audience = Literal["press", "public", "organisations"]
AUDIENCES: tuple[Audience, ...] = ("press", "public", "organisations")
State = Literal["open", "closed", "responded"]


class ConsultationRefused(ValueError):
    """A request the law or the consultation's state does not allow; `status` is its HTTP status
    (409: the consultation's state forbids it; 422: the request itself is wrong)."""

    def __init__(self, code: str, status: int, vi: str, en: str) -> None:
        self.code, self.status, self.detail_vi, self.detail = code, status, vi, en
        super().__init__(f"{vi} / {en}")


@dataclass(frozen=True)
class Draft:
    """What the drafting agency registers: the draft, who is asked, and the comment period."""

    title: str
    summary: str
    drafting_agency: str
    level: Level
    opens_at: datetime
    closes_at: datetime
    audiences: frozenset[Audience]
    organisations: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    large_impact: bool = False


@dataclass(frozen=True)
class Consultation:
    """One consultation as routing keeps it."""

    consultation_id: str
    draft: Draft
    policy_id: str
    state: State = "open"
    closed_at: datetime | None = None
    response_due_at: datetime | None = None
    response_published_at: datetime | None = None
    response_url: str = ""

    @property
    def response_on_time(self) -> bool | None:
        """Whether the response came by its deadline; None while none is published."""
        if self.response_published_at is None or self.response_due_at is None:
            return None
        return self.response_published_at <= self.response_due_at


def _vi(moment: datetime) -> str:
    return f"{moment.astimezone(CITY_ZONE):%H:%M %d/%m/%Y}"


def _en(moment: datetime) -> str:
    return f"{moment.astimezone(CITY_ZONE):%Y-%m-%d %H:%M} (UTC+7)"


def _refuse_invalid(draft: Draft, book: ConsultationPolicyBook, calendar: WorkingCalendar) -> str:
    """The id of the policy the draft satisfies; refuses (422) a draft the law does not allow."""
    if not draft.title.strip() or not draft.drafting_agency.strip():
        raise ConsultationRefused("incomplete", 422, "Thiếu tiêu đề hoặc cơ quan chủ trì soạn thảo.",
                                  "The title and the drafting agency are required.")
    if not draft.audiences or not draft.audiences <= set(AUDIENCES):
        raise ConsultationRefused("audiences", 422, f"Đối tượng lấy ý kiến phải thuộc {list(AUDIENCES)}.",
                                  f"Audiences must be some of {list(AUDIENCES)}.")
    if ("organisations" in draft.audiences) != bool(draft.organisations):
        raise ConsultationRefused(
            "organisations", 422, "Đối tượng 'organisations' cần danh sách tổ chức, và ngược lại.",
            "The 'organisations' audience needs the organisations named, and only it.")
    if any(not d.startswith(("https://", "http://")) for d in draft.documents):
        raise ConsultationRefused("documents", 422, "Tài liệu phải là đường dẫn http(s).",
                                  "Documents must be http(s) links.")
    policy = book.select(draft.level, draft.opens_at)
    earliest = policy.earliest_close(draft.opens_at, calendar)
    if city_day(draft.closes_at, CITY_ZONE) < city_day(earliest, CITY_ZONE):  # the last day counts whole
        days = policy.comment_period.minimum.amount
        raise ConsultationRefused(
            "period_too_short", 422,
            f"Thời gian lấy ý kiến ít nhất {days} ngày ({policy.id}): đóng từ ngày {earliest:%d/%m/%Y}.",
            f"The comment period must be at least {days} days ({policy.id}): close on {earliest:%Y-%m-%d}"
            " or later.")
    scheme = book.press_required(draft.opens_at, large_impact=draft.large_impact)
    if scheme is not None and "press" not in draft.audiences:
        raise ConsultationRefused("press_required", 422,
                                  f"Chính sách có tác động lớn phải lấy ý kiến báo chí ({scheme.id}).",
                                  f"A large-impact policy must be put to the press ({scheme.id}).")
    return policy.id


def open_consultation(consultation_id: str, draft: Draft, book: ConsultationPolicyBook,
                      calendar: WorkingCalendar) -> Consultation:
    """A new open consultation, its period checked against the policy in force when it opens."""
    return Consultation(consultation_id, draft, _refuse_invalid(draft, book, calendar))


def _require(consultation: Consultation, state: State, vi: str, en: str) -> None:
    if consultation.state != state:
        raise ConsultationRefused(f"not_{state}", 409, vi, en)


def authorise(drafting_agency: str, role: str, party: str) -> None:
    """Only the drafting agency, an operator (the city office) or the platform may open, change,
    close or answer a consultation (403 otherwise)."""
    if role in ("operator", "system") or (role == "agency" and party == drafting_agency):
        return
    raise ConsultationRefused("not_drafting_agency", 403,
                              "Chỉ cơ quan chủ trì soạn thảo hoặc Văn phòng thành phố được thực hiện.",
                              "Only the drafting agency or the city office may do this.")


def change(consultation: Consultation, draft: Draft, book: ConsultationPolicyBook,
           calendar: WorkingCalendar) -> Consultation:
    """The consultation with its draft changed; only while open, by the same agency, from the same
    opening (a shorter period must still satisfy the policy)."""
    _require(consultation, "open", "Chỉ sửa được đợt lấy ý kiến đang mở.",
             "Only an open consultation can be changed.")
    old = consultation.draft
    if (draft.drafting_agency, draft.opens_at, draft.level) != (old.drafting_agency, old.opens_at, old.level):
        raise ConsultationRefused("fixed_fields", 422,
                                  "Không được đổi cơ quan chủ trì, cấp văn bản hoặc thời điểm mở.",
                                  "The drafting agency, level and opening cannot change.")
    return dataclasses.replace(consultation, draft=draft, policy_id=_refuse_invalid(draft, book, calendar))


def close(consultation: Consultation, at: datetime, book: ConsultationPolicyBook,
          calendar: WorkingCalendar) -> Consultation:
    """The consultation closed at `at` (its end or later, never before), its response now due."""
    _require(consultation, "open", "Đợt lấy ý kiến đã đóng.", "The consultation is already closed.")
    if at < consultation.draft.closes_at:
        raise ConsultationRefused(
            "too_early", 409,
            f"Chưa hết thời gian lấy ý kiến (đến {_vi(consultation.draft.closes_at)}).",
            f"The comment period runs until {_en(consultation.draft.closes_at)}.")
    policy = book.select(consultation.draft.level, consultation.draft.opens_at)
    return dataclasses.replace(consultation, state="closed", closed_at=at,
                               response_due_at=policy.response_due(at, calendar))


def accept_comment(consultation: Consultation, at: datetime, audience: str) -> None:
    """Refuses a comment from an audience not asked (403) or outside the open period (409), saying
    why in Vietnamese and English."""
    draft = consultation.draft
    if audience not in draft.audiences:
        raise ConsultationRefused(
            "audience_not_asked", 403, f"Đợt lấy ý kiến này không lấy ý kiến đối tượng '{audience}'.",
            f"This consultation does not ask the '{audience}' audience.")
    if at < draft.opens_at:
        raise ConsultationRefused(
            "not_yet_open", 409, f"Đợt lấy ý kiến mở từ {_vi(draft.opens_at)}.",
            f"The consultation opens at {_en(draft.opens_at)}.")
    if consultation.state != "open" or at > draft.closes_at:
        raise ConsultationRefused(
            "closed", 409,
            f"Đợt lấy ý kiến «{draft.title}» đã kết thúc lúc {_vi(draft.closes_at)}; không nhận góp ý.",
            f"The consultation «{draft.title}» closed at {_en(draft.closes_at)}; no more comments accepted.")


def publish_response(consultation: Consultation, at: datetime, url: str) -> Consultation:
    """The consultation with its summary and response published at `at` (after it closed)."""
    _require(consultation, "closed", "Chỉ công bố phản hồi sau khi đợt lấy ý kiến đã đóng và chưa công bố.",
             "The response is published once, after the consultation closes.")
    if not url.startswith(("https://", "http://")):
        raise ConsultationRefused("response_url", 422, "Phản hồi phải là đường dẫn http(s).",
                                  "The response must be an http(s) link.")
    return dataclasses.replace(consultation, state="responded", response_published_at=at, response_url=url)
