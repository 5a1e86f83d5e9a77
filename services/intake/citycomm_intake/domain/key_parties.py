"""Whom an API key may be bound to: for agency, Press Center and press agency keys, a member of the
directory of the kind the role acts for; for an Open311 app, a name in the directory's id form."""

from __future__ import annotations

import difflib
import re
from datetime import date

from citycomm_common.directory import AgencyKind, Directory
from citycomm_intake.domain.principals import Role

# The directory's kinds each role's party must be (an agency key answers: departments, wards, the
# city office; a press agency key asks for one of the newspapers and stations the directory lists).
MEMBER_KINDS: dict[Role, frozenset[AgencyKind]] = {
    Role.AGENCY: frozenset({AgencyKind.DEPARTMENT, AgencyKind.WARD, AgencyKind.CITY_OFFICE}),
    Role.PRESS_CENTER: frozenset({AgencyKind.PRESS_CENTER}),
    Role.PRESS_AGENCY: frozenset({AgencyKind.PRESS_AGENCY}),
}
NEEDS_PARTY = frozenset({*MEMBER_KINDS, Role.OPEN311_CLIENT})
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class PartyRefused(ValueError):
    """The party cannot hold a key of this role; the message says why and what would do."""


class NotInDirectory(PartyRefused):
    """No member of the directory has this id (one an operator added may be in the live one)."""


def check_form(role: Role, party: str) -> None:
    """What needs no directory: a party where the role needs one, in the directory's id form."""
    if role in NEEDS_PARTY and not party:
        raise PartyRefused(f"--party is required for the role {role.value}")
    if party and not SLUG.fullmatch(party):
        raise PartyRefused(
            f"--party {party!r}: lowercase letters, digits and hyphens, at most 64 (like bao-tuoi-tre)"
        )


def check_member(role: Role, party: str, directory: Directory, today: date) -> None:
    """The party is a member of `directory`, valid today, of a kind the role acts for."""
    kinds = MEMBER_KINDS.get(role)
    if kinds is None:
        return
    fitting = sorted(a.id for a in directory.agencies if a.kind in kinds and a.active_on(today))
    try:
        agency = directory.get(party)
    except LookupError:
        raise NotInDirectory(f"{party!r} is not in the directory{_suggest(party, fitting)}") from None
    if agency.kind not in kinds:
        wanted = " or ".join(sorted(k.value for k in kinds))
        raise PartyRefused(
            f"{party!r} is a {agency.kind.value} in the directory; a key of the role {role.value} is"
            f" for a {wanted}"
            f"{_suggest(party, fitting)}"
        )
    if not agency.active_on(today):
        raise PartyRefused(f"{party!r} is not valid on {today} (valid from {agency.valid_from}"
                           f"{f' until {agency.valid_until}' if agency.valid_until else ''})")


def _suggest(party: str, fitting: list[str]) -> str:
    close = difflib.get_close_matches(party, fitting, n=3, cutoff=0.6)
    if close:
        return f"; did you mean {', '.join(close)}?"
    return f" ({len(fitting)} fit: e.g. {', '.join(fitting[:3])})" if fitting else ""
