"""The communication network (directive item 3e): agencies, contacts, webhooks, categories."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from citycomm_common.config_files import ConfigError, load_config
from citycomm_common.moments import Day
from citycomm_common.text import fold, normalize_text
from citycomm_common.wards import hcmc_wards

Loc = tuple[int | str, ...]
Problem = tuple[Loc, str]
_Keys = Callable[["Agency"], Iterable[str]]


def _webhook_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http or https URL")
    if parts.username or parts.password or parts.fragment:
        raise ValueError("must not carry credentials or a fragment; put secrets in secret_refs")
    return url


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
WardCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]


def _normalized(value: object) -> object:
    return normalize_text(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_normalized), StringConstraints(min_length=1, max_length=200)]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 .()-]{5,23}$")]
_SECRET_REF = re.compile(r"(env):([A-Za-z_][A-Za-z0-9_]*)|(file):([A-Za-z0-9][A-Za-z0-9._-]{0,252})"
                         r"|(sealed):([A-Za-z0-9_=-]{40,252})")
SECRET_REF_RULE = ("a secret reference is env:VARIABLE or file:NAME, NAME a file directly in "
                   "CITYCOMM_WEBHOOK_SECRETS_DIR (letters, digits, '.', '_', '-', not starting with '.'; "
                   "no path), or sealed:TOKEN, a secret the platform made (self-service rotation)")


def parse_secret_ref(ref: str) -> tuple[str, str]:
    """(scheme, name) of `env:VARIABLE`, `file:NAME` or `sealed:TOKEN`; a file name is never a path."""
    found = _SECRET_REF.fullmatch(ref)
    if found is None:
        raise ValueError(SECRET_REF_RULE)
    scheme, name = next((found[i], found[i + 1]) for i in (1, 3, 5) if found[i])
    return scheme, name


def _secret_ref(ref: str) -> str:
    parse_secret_ref(ref)
    return ref


# A secret is named, never written here: `env:VARIABLE` (environment) or `file:NAME` (a file of the
# mounted secrets directory, e.g. a key of the citycomm-webhook-secrets Secret).
SecretRef = Annotated[str, StringConstraints(max_length=260), AfterValidator(_secret_ref),
                      Field(json_schema_extra={"pattern": f"^(?:{_SECRET_REF.pattern})$"})]
EventPattern = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.*-]+$", max_length=128)]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=80), AfterValidator(fold)]
WebhookUrl = Annotated[str, StringConstraints(max_length=2048), AfterValidator(_webhook_url)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _validation_error(title: str, problems: Iterable[Problem]) -> ValidationError:
    details = [
        InitErrorDetails(
            type=PydanticCustomError("invalid_network", "{reason}", {"reason": reason}),
            loc=loc,
            input=None,
        )
        for loc, reason in problems
    ]
    return ValidationError.from_exception_data(title, details)


def _duplicates(values: Iterable[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index, value
        seen.add(value)


class AgencyKind(StrEnum):
    DEPARTMENT = "department"  # Sở and equivalents (Thanh tra TP)
    WARD = "ward"  # UBND phường, xã, đặc khu
    CITY_OFFICE = "city_office"  # Văn phòng UBND TP
    PRESS_CENTER = "press_center"  # Trung tâm Báo chí TP
    PRESS_AGENCY = "press_agency"  # báo, đài


class ContactRole(StrEnum):
    HEAD = "head"
    SPOKESPERSON = "spokesperson"  # người phát ngôn
    CONTACT_POINT = "contact_point"  # đầu mối


class Contact(_Model):
    role: ContactRole
    name: Text
    title: Text | None = None
    email: Email | None = None
    phone: Phone | None = None


class WebhookEndpoint(_Model):
    """Where an agency receives signed webhooks; the first secret signs, the others verify."""

    id: Slug
    url: WebhookUrl
    secret_refs: list[SecretRef] = Field(min_length=1, max_length=4)
    events: list[EventPattern] = Field(default_factory=lambda: ["*"], min_length=1)
    enabled: bool = True

    def wants(self, event_type: str) -> bool:
        """Whether this endpoint subscribed to ``event_type`` (patterns use ``*``)."""
        return any(fnmatchcase(event_type, pattern) for pattern in self.events)


class Agency(_Model):
    """A member of the network, valid from ``valid_from`` to ``valid_until`` inclusive."""

    id: Slug
    name: Text
    short_name: Text
    kind: AgencyKind
    parent: Slug | None = None
    supervisor: Slug | None = None
    wards: list[WardCode] = Field(default_factory=list)  # its jurisdiction; empty: city-wide
    categories: list[Slug] = Field(default_factory=list)  # taken over from their owner
    contacts: list[Contact] = Field(default_factory=list, max_length=20)
    endpoints: list[WebhookEndpoint] = Field(default_factory=list, max_length=10)
    valid_from: Day
    valid_until: Day | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = list(self._problems())
        if problems:
            raise _validation_error("Agency", problems)
        return self

    def _problems(self) -> Iterator[Problem]:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            yield ("valid_until",), "is before valid_from"
        if self.kind is AgencyKind.WARD and len(self.wards) != 1:
            yield ("wards",), "a ward People's Committee has exactly one ward"
        for field in ("parent", "supervisor"):
            if getattr(self, field) == self.id:
                yield (field,), "an agency cannot be its own " + field
        for key, values in (("wards", self.wards), ("categories", self.categories)):
            for index, value in _duplicates(values):
                yield (key, index), f"{value} is listed twice"
        for index, value in _duplicates(e.id for e in self.endpoints):
            yield ("endpoints", index, "id"), f"endpoint {value} is listed twice"

    def active_on(self, at: date) -> bool:
        return self.valid_from <= at and (self.valid_until is None or at <= self.valid_until)

    def overlaps(self, other: Agency) -> bool:
        ends_after = other.valid_until is None or self.valid_from <= other.valid_until
        starts_before = self.valid_until is None or other.valid_from <= self.valid_until
        return ends_after and starts_before


class CategoryLevel(StrEnum):
    WARD = "ward"  # answered by the ward's People's Committee
    CITY = "city"  # answered by the owning department


class Category(_Model):
    """A kind of citizen feedback (an Open311 service); keywords are stored folded."""

    code: Slug
    name_vi: Text
    name_en: Text
    level: CategoryLevel
    department: Slug
    keywords: list[Keyword] = Field(default_factory=list, max_length=100)


class Directory(_Model):
    """The network at every date: who answers for a ward or a category, and where to send."""

    coordinator: Slug
    default_endpoint: WebhookEndpoint | None = None
    agencies: list[Agency]
    _by_id: dict[str, Agency] = PrivateAttr(default_factory=dict)
    _by_ward: dict[str, list[Agency]] = PrivateAttr(default_factory=dict)
    _by_category: dict[str, list[Agency]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _network(self) -> Self:
        problems = [*_reference_problems(self), *_overlap_problems(self.agencies)]
        if problems:
            raise _validation_error("Directory", problems)
        self._by_id = {a.id: a for a in self.agencies}
        self._by_ward = _index(self.agencies, _ward_codes)
        self._by_category = _index(self.agencies, lambda a: a.categories)
        return self

    def get(self, agency_id: str) -> Agency:
        try:
            return self._by_id[agency_id]
        except KeyError:
            raise LookupError(f"no agency {agency_id!r} in the directory") from None

    def coordinating_offices(self) -> tuple[str, ...]:
        """Who places inquiries by hand besides operators: the coordinator, and its supervisor,
        which gets what the coordinator itself declines at the transfer limit."""
        supervisor = self._by_id[self.coordinator].supervisor if self.coordinator in self._by_id else None
        return (self.coordinator, supervisor) if supervisor else (self.coordinator,)

    def active(self, at: date) -> list[Agency]:
        return [a for a in self.agencies if a.active_on(at)]

    def ward_authority(self, ward_code: str, at: date) -> Agency:
        """The People's Committee (UBND) of the ward on ``at``."""
        return _the_active(self._by_ward.get(ward_code, []), at, f"ward {ward_code}")

    def department_for(self, category: Category, at: date) -> Agency:
        """Who answers ``category`` on ``at``: an agency that took it over, else its owner."""
        takers = [a for a in self._by_category.get(category.code, []) if a.active_on(at)]
        owner = takers or [self.get(category.department)]
        return _the_active(owner, at, f"category {category.code}")

    def endpoints_for(self, agency_id: str) -> list[WebhookEndpoint]:
        """Enabled endpoints; the default one only for an agency that configured none."""
        agency = self.get(agency_id)
        if not agency.endpoints:
            return [self.default_endpoint] if self.default_endpoint else []
        return [e for e in agency.endpoints if e.enabled]

    def coverage_problems(self) -> Iterator[Problem]:
        """Wards of the city lacking a People's Committee from their first one onwards."""
        missing = [w for w in hcmc_wards().all() if w.code not in self._by_ward]
        if missing:
            listed = ", ".join(f"{w.code} ({w.name})" for w in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            yield ("agencies",), f"no People's Committee for {len(missing)} wards: {listed}{more}"
        for code, held in self._by_ward.items():
            yield from _gaps(code, sorted(held, key=lambda a: a.valid_from), self.agencies)


def _index(agencies: Sequence[Agency], keys: _Keys) -> dict[str, list[Agency]]:
    index: dict[str, list[Agency]] = defaultdict(list)
    for agency in agencies:
        for key in keys(agency):
            index[key].append(agency)
    return dict(index)


def _the_active(candidates: Iterable[Agency], at: date, what: str) -> Agency:
    for agency in candidates:
        if agency.active_on(at):
            return agency
    raise LookupError(f"no agency answers for {what} on {at.isoformat()}")


def _reference_problems(directory: Directory) -> Iterator[Problem]:
    ids = {a.id for a in directory.agencies}
    registry = hcmc_wards()
    if directory.coordinator not in ids:
        yield ("coordinator",), f"no agency {directory.coordinator!r} in the directory"
    for index, value in _duplicates(a.id for a in directory.agencies):
        yield ("agencies", index, "id"), f"agency id {value} is used twice"
    for index, agency in enumerate(directory.agencies):
        for field in ("parent", "supervisor"):
            target = getattr(agency, field)
            if target is not None and target not in ids:
                yield ("agencies", index, field), f"no agency {target!r} in the directory"
        for k, code in enumerate(agency.wards):
            if code not in registry:
                yield ("agencies", index, "wards", k), f"{code} is not a ward of the city"
    yield from _parent_cycles(directory.agencies)


def _parent_cycles(agencies: Sequence[Agency]) -> Iterator[Problem]:
    parents = {a.id: a.parent for a in agencies}
    for index, agency in enumerate(agencies):
        seen, current = {agency.id}, agency.parent
        while current in parents and current not in seen:
            seen.add(current)
            current = parents[current]
        if current == agency.id:
            yield ("agencies", index, "parent"), f"{agency.id} is its own ancestor"


def _overlap_problems(agencies: Sequence[Agency]) -> Iterator[Problem]:
    """At most one People's Committee per ward, one taker per category, at any date."""
    yield from _claims(agencies, "wards", _ward_codes)
    yield from _claims(agencies, "categories", lambda a: a.categories)


def _ward_codes(agency: Agency) -> list[str]:
    return agency.wards if agency.kind is AgencyKind.WARD else []


def _claims(agencies: Sequence[Agency], field: str, keys: _Keys) -> Iterator[Problem]:
    claims: dict[str, list[Agency]] = defaultdict(list)
    for index, agency in enumerate(agencies):
        for slot, key in enumerate(keys(agency)):
            rival = next((r for r in claims[key] if r.overlaps(agency)), None)
            if rival is not None:
                yield (
                    ("agencies", index, field, slot),
                    f"{key} is already held by {rival.id} on overlapping dates",
                )
            claims[key].append(agency)


def _gaps(code: str, held: Sequence[Agency], agencies: Sequence[Agency]) -> Iterator[Problem]:
    for before, after in zip(held, held[1:], strict=False):
        if before.valid_until is not None and (after.valid_from - before.valid_until).days > 1:
            reason = f"ward {code} has no People's Committee before {after.valid_from}"
            yield _at(agencies, after, "valid_from"), reason
    if held[-1].valid_until is not None:
        reason = f"ward {code} has no People's Committee after {held[-1].valid_until}"
        yield _at(agencies, held[-1], "valid_until"), reason


def _at(agencies: Sequence[Agency], agency: Agency, field: str) -> Loc:
    index = next(i for i, a in enumerate(agencies) if a is agency)
    return ("agencies", index, field)


class AgencyFile(_Model):
    """A file of agencies included by the directory file, e.g. the generated wards.yaml."""

    agencies: list[Agency]


class DirectoryFile(AgencyFile):
    """The directory file: the network's settings, its own agencies and the files it includes."""

    coordinator: Slug
    default_endpoint: WebhookEndpoint | None = None
    include: list[Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.ya?ml$")]] = []
    agencies: list[Agency] = Field(default_factory=list)


class CategoryFile(_Model):
    """The categories file: citizen-feedback categories (Open311 services), codes unique."""

    categories: list[Category] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        codes = (c.code for c in self.categories)
        problems = [
            (("categories", i, "code"), f"{c} is listed twice") for i, c in _duplicates(codes)
        ]
        if problems:
            raise _validation_error("CategoryFile", problems)
        return self


def load_directory(path: Path | str) -> Directory:
    """Read the directory file and the files it includes; ConfigError names file:line."""
    path = Path(path)
    top = load_config(path, DirectoryFile)
    parts = [(path, top.agencies)]
    parts += [
        (path.parent / name, load_config(path.parent / name, AgencyFile).agencies)
        for name in top.include
    ]
    origins = [(source, j) for source, agencies in parts for j in range(len(agencies))]
    agencies = [a for _, part in parts for a in part]
    try:
        directory = Directory(
            coordinator=top.coordinator, default_endpoint=top.default_endpoint, agencies=agencies
        )
    except ValidationError as error:
        problems = [(e["loc"], e["msg"]) for e in error.errors(include_url=False)]
        raise _located(problems, origins, path) from error
    gaps = list(directory.coverage_problems())
    if gaps:
        raise _located(gaps, origins, path)
    return directory


def load_categories(path: Path | str, directory: Directory | None = None) -> list[Category]:
    """Read the categories file; with ``directory``, check that every owner is in it."""
    path = Path(path)
    categories = load_config(path, CategoryFile).categories
    if directory is not None:
        problems = list(_owner_problems(categories, directory))
        if problems:
            raise _reported_at(path, CategoryFile, problems)
    return categories


def _owner_problems(categories: Sequence[Category], directory: Directory) -> Iterator[Problem]:
    owners = (AgencyKind.DEPARTMENT, AgencyKind.CITY_OFFICE)
    for index, category in enumerate(categories):
        try:
            kind = directory.get(category.department).kind
        except LookupError as error:
            yield ("categories", index, "department"), str(error)
            continue
        if kind not in owners:
            yield (
                ("categories", index, "department"),
                f"{category.department} is a {kind}, not a department",
            )


def _located(
    problems: Sequence[Problem], origins: Sequence[tuple[Path, int]], top: Path
) -> ConfigError:
    """Map problems found in the merged directory back to the file and line they come from."""
    by_file: dict[Path, list[Problem]] = defaultdict(list)
    for loc, reason in problems:
        if len(loc) > 1 and loc[0] == "agencies" and isinstance(loc[1], int):
            source, index = origins[loc[1]]
            by_file[source].append((("agencies", index, *loc[2:]), reason))
        else:
            by_file[top].append((loc, reason))
    errors = [
        _reported_at(f, DirectoryFile if f == top else AgencyFile, p) for f, p in by_file.items()
    ]
    errors[0].args = ("\n".join(str(e) for e in errors),)
    return errors[0]


def _reported_at(path: Path, model: type[_Model], problems: Sequence[Problem]) -> ConfigError:
    """Re-read ``path`` with a model that fails with ``problems``, to learn their lines."""

    class Failing(model):  # type: ignore[valid-type, misc]
        @model_validator(mode="after")
        def _fail(self) -> Self:
            raise _validation_error(model.__name__, problems)

    try:
        load_config(path, Failing)
    except ConfigError as error:
        return error
    raise AssertionError(f"{path} was expected to fail validation")
