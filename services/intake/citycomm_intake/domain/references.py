"""Checks against reference data: wards, categories, agencies in the live directory, sensible dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from citycomm_common.directory import AgencyKind, Category
from citycomm_common.directory_feed import DirectorySource
from citycomm_common.ward_addresses import WardAddresses
from citycomm_common.wards import AmbiguousWard, UnknownWard
from citycomm_intake.domain.errors import Invalid, Unavailable, Violation
from citycomm_intake.domain.submissions import AnySubmission, BriefingQuestionIn, FeedbackIn, MediaAlertIn

ANSWERING = {AgencyKind.DEPARTMENT, AgencyKind.WARD, AgencyKind.CITY_OFFICE}
BRIEFING_PAST = timedelta(days=90)
CLOCK_SKEW = timedelta(minutes=5)


class References:
    """`directory` is the live one (directory.agencies): an agency an operator added is known here as
    soon as it is published, and one that is not yet read is not refused on the files' word."""

    def __init__(self, wards: WardAddresses, categories: Mapping[str, Category], directory: DirectorySource,
                 retry_after: int = 5) -> None:
        self.wards = wards
        self.categories = categories
        self.directory = directory
        self.retry_after = retry_after

    def ward_code(self, submission: AnySubmission | FeedbackIn) -> str:
        """The official code of the ward the submission names (empty when it names none): a code, a
        name, or an address naming it, today's or from before 1 July 2025 (Phường Bến Nghé, Quận 1)."""
        ward = getattr(submission, "ward", None)
        if not ward:
            return ""
        try:
            return self.wards.resolve(ward).code
        except (UnknownWard, AmbiguousWard) as exc:
            raise Invalid.field("ward", str(exc), exc.message_vi) from exc

    def check(self, submission: AnySubmission | FeedbackIn, now: datetime, today: date) -> None:
        problems = [
            *self._category(submission),
            *self._agency(submission, today),
            *self._dates(submission, now, today),
        ]
        if problems:
            raise Invalid(
                "Some fields are missing or invalid.", "Một số trường bị thiếu hoặc không hợp lệ.", problems
            )

    def _category(self, submission: AnySubmission | FeedbackIn) -> list[Violation]:
        category = getattr(submission, "category", None)
        if category and category not in self.categories:
            return [
                Violation(
                    "category",
                    f"unknown category {category!r}; see GET /open311/v2/services",
                    f"Lĩnh vực {category!r} không tồn tại.",
                )
            ]
        return []

    def _agency(self, submission: AnySubmission | FeedbackIn, today: date) -> list[Violation]:
        agency_id = getattr(submission, "agency_id", None)
        if not agency_id:
            return []
        if not self.directory.is_loaded():
            raise Unavailable(
                "The agency directory is still being read; retry with the same Idempotency-Key.",
                "Hệ thống đang nạp danh bạ cơ quan; vui lòng thử lại với cùng Idempotency-Key.",
                retry_after=self.retry_after,
            )
        try:
            agency = self.directory.live().get(agency_id)
        except LookupError:
            agency = None
        if agency is None or not agency.active_on(today) or agency.kind not in ANSWERING:
            return [
                Violation(
                    "agency_id",
                    f"{agency_id!r} is not an agency of the network that answers inquiries",
                    f"{agency_id!r} không phải là cơ quan trả lời trong mạng lưới.",
                )
            ]
        return []

    def _dates(self, submission: AnySubmission | FeedbackIn, now: datetime, today: date) -> list[Violation]:
        if isinstance(submission, BriefingQuestionIn):
            day = submission.briefing_date
            if day > today or day < today - BRIEFING_PAST:
                return [
                    Violation(
                        "briefing_date",
                        "must be a briefing already held, at most 90 days ago",
                        "Phải là buổi giao ban đã diễn ra, trong vòng 90 ngày.",
                    )
                ]
        detected = submission.detected_at if isinstance(submission, MediaAlertIn) else None
        if detected and detected > now + CLOCK_SKEW:
            return [Violation("detected_at", "is in the future", "Thời điểm phát hiện ở tương lai.")]
        return []
