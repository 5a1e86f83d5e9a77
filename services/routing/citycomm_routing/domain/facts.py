"""What routing rules look at in an inquiry: kind, category, ward, folded words, submitter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.directory import Category
from citycomm_common.text import fold
from citycomm_common.vocabulary import enum_name
from citycomm_routing.domain.rules import Match

_NON_WORD = re.compile(r"[^\w]+")


def kind_name(kind: int) -> str:
    return enum_name(common_pb2.InquiryKind, kind) or "unspecified"


def folded_words(text: str) -> str:
    """Text folded and padded so that ` keyword ` finds whole words and phrases only."""
    return f" {_NON_WORD.sub(' ', fold(text)).strip()} "


def _has(words: str, keyword: str) -> bool:
    return f" {keyword} " in words


@dataclass(frozen=True)
class Facts:
    kind: str
    category: Category | None
    category_note: str  # how the category was found, for the decision's reason
    ward: str
    words: str
    submitter: str
    named: str

    def match(self, match: Match) -> tuple[bool, str]:
        """Whether every condition holds, and a sentence saying why (or which one failed)."""
        held: list[str] = []
        for check in (self._kind, self._category, self._level, self._ward, self._keyword,
                      self._submitter, self._named):
            ok, why = check(match)
            if not ok:
                return False, why
            if why:
                held.append(why)
        return True, "; ".join(held) or "matches every inquiry"

    def _kind(self, m: Match) -> tuple[bool, str]:
        if not m.kinds:
            return True, ""
        return self.kind in m.kinds, f"kind {self.kind}" + ("" if self.kind in m.kinds
                                                             else f" is not one of {m.kinds}")

    def _category(self, m: Match) -> tuple[bool, str]:
        if not m.categories:
            return True, ""
        code = self.category.code if self.category else None
        if code in m.categories:
            return True, f"category {code}{self.category_note}"
        return False, f"category {code or '(none)'} is not one of {m.categories}"

    def _level(self, m: Match) -> tuple[bool, str]:
        if m.category_level is None:
            return True, ""
        if self.category is None:
            return False, "no category given or recognised"
        level = self.category.level.value
        ok = level == m.category_level
        return ok, (f"{self.category.code}{self.category_note} is a {level}-level matter"
                    if ok else f"{self.category.code} is a {level}-level, not a "
                               f"{m.category_level}-level matter")

    def _ward(self, m: Match) -> tuple[bool, str]:
        if not m.wards:
            return True, ""
        ok = self.ward in m.wards
        return ok, f"ward {self.ward or '(none)'}" + ("" if ok else f" is not one of {m.wards}")

    def _keyword(self, m: Match) -> tuple[bool, str]:
        if not m.keywords:
            return True, ""
        found = next((k for k in m.keywords if _has(self.words, k)), None)
        if found is None:
            return False, f"none of the keywords {m.keywords} appears"
        return True, f"keyword {found!r} appears"

    def _submitter(self, m: Match) -> tuple[bool, str]:
        if not m.submitted_by:
            return True, ""
        ok = self.submitter in m.submitted_by
        who = self.submitter or "(anonymous)"
        return ok, f"submitted by {who}" + ("" if ok else f", not one of {m.submitted_by}")

    def _named(self, m: Match) -> tuple[bool, str]:
        if m.named_agency is None:
            return True, ""
        ok = bool(self.named) == m.named_agency
        said = f"the submitter named {self.named}" if self.named else "no agency was named"
        return ok, said


def infer_category(words: str, categories: Mapping[str, Category]) -> tuple[Category, str] | None:
    """The category whose keywords appear most often in the text (first in file order on a tie)."""
    best: tuple[int, Category, str] | None = None
    for category in categories.values():
        hits = [k for k in category.keywords if _has(words, k)]
        if hits and (best is None or len(hits) > best[0]):
            best = (len(hits), category, hits[0])
    return None if best is None else (best[1], best[2])


def facts_of(submission: commands_pb2.SubmitInquiry, categories: Mapping[str, Category]) -> Facts:
    words = folded_words(f"{submission.title} {submission.description}")
    category, note = categories.get(submission.category), ""
    if category is None and not submission.category:
        inferred = infer_category(words, categories)
        if inferred is not None:
            category, note = inferred[0], f" (recognised by the keyword {inferred[1]!r})"
    return Facts(
        kind=kind_name(submission.kind), category=category, category_note=note,
        ward=submission.ward_code, words=words, submitter=submission.submitted_by.id,
        named=submission.target_agency_id,
    )
