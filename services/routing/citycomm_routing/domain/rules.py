"""Routing rules as data (config/routing-rules.yaml): who leads an inquiry, who co-handles, why."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from citycomm_common.config_files import load_config
from citycomm_common.directory import AgencyKind, Category, Directory
from citycomm_common.text import fold

Kind = Literal[
    "press_request", "briefing_question", "media_alert", "citizen_feedback", "information_request"
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
WardCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]
# Who a rule names: the ward's People's Committee, the category's department, the network's
# coordinator, the agency the submitter named, or one agency by id.
SYMBOLIC_TARGETS = ("ward", "department", "coordinator", "named")


@dataclass(frozen=True)
class References:
    """What rules may name, checked at load time when known."""

    directory: Directory
    categories: Mapping[str, Category]
    policy_ids: frozenset[str]


_REFERENCES: ContextVar[References | None] = ContextVar("routing_rule_references", default=None)


@contextmanager
def _checking(references: References | None) -> Iterator[None]:
    token = _REFERENCES.set(references)
    try:
        yield
    finally:
        _REFERENCES.reset(token)


def _known_target(target: str) -> str:
    refs = _REFERENCES.get()
    if target in SYMBOLIC_TARGETS or refs is None:
        return target
    try:
        kind = refs.directory.get(target).kind
    except LookupError as error:
        raise ValueError(str(error)) from None
    if kind in (AgencyKind.PRESS_AGENCY, AgencyKind.PRESS_CENTER):
        raise ValueError(f"{target} is a {kind}: it asks, it does not answer")
    return target


def _known_category(code: str) -> str:
    refs = _REFERENCES.get()
    if refs is not None and code not in refs.categories:
        raise ValueError(f"no category {code!r} in categories.yaml")
    return code


def _known_submitter(agency_id: str) -> str:
    refs = _REFERENCES.get()
    if refs is not None:
        try:
            refs.directory.get(agency_id)
        except LookupError as error:
            raise ValueError(str(error)) from None
    return agency_id


def _known_policy(policy_id: str | None) -> str | None:
    refs = _REFERENCES.get()
    if policy_id is not None and refs is not None and policy_id not in refs.policy_ids:
        raise ValueError(f"no deadline policy {policy_id!r} in deadline-policies.yaml")
    return policy_id


Target = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                   AfterValidator(_known_target)]
CategoryCode = Annotated[Slug, AfterValidator(_known_category)]
Submitter = Annotated[Slug, AfterValidator(_known_submitter)]
Keyword = Annotated[str, StringConstraints(min_length=2, max_length=80), AfterValidator(fold)]
PolicyId = Annotated[str | None, AfterValidator(_known_policy)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Match(_Frozen):
    """Every condition given must hold; within one list, any entry will do."""

    kinds: list[Kind] = []
    categories: list[CategoryCode] = []
    category_level: Literal["ward", "city"] | None = None
    wards: list[WardCode] = []
    keywords: list[Keyword] = []  # folded: accent- and case-insensitive, whole words
    submitted_by: list[Submitter] = []  # the submitting press agency (or Press Center)
    named_agency: bool | None = None  # the submitter named the agency that must answer


class Assign(_Frozen):
    lead: Target
    co_handling: list[Target] = []
    policy: PolicyId = None  # a deadline policy id instead of the one the kind selects

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.lead in self.co_handling or len(set(self.co_handling)) != len(self.co_handling):
            raise ValueError("the lead and co-handling agencies must all be different")
        return self


class Rule(_Frozen):
    id: Slug
    description: str = Field(min_length=1, max_length=300)
    priority: int = Field(default=0, ge=-1000, le=1000)
    match: Match = Match()
    assign: Assign


class RefusalGround(_Frozen):
    description: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)


class RuleBook(_Frozen):
    """The routing rules, tried by priority (highest first, then file order)."""

    max_transfers: int = Field(default=3, ge=1, le=10)
    unmatched: Assign
    refusal_grounds: dict[Slug, RefusalGround] = Field(min_length=1)
    rules: list[Rule]

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id} is used twice")
            seen.add(rule.id)
        if self.unmatched.lead == "named":
            raise ValueError("unmatched.lead cannot be 'named': nobody was named")
        return self

    def ordered(self) -> Sequence[Rule]:
        return sorted(self.rules, key=lambda r: -r.priority)  # sorted() is stable: file order


def load_rules(path: Path, references: References | None = None) -> RuleBook:
    """Read the rules file; with `references`, agencies, categories and policies must exist."""
    with _checking(references):
        return load_config(path, RuleBook)
