"""Whom `citycomm-intake keys create` binds a key to: a directory member of the role's kind, valid today."""

from __future__ import annotations

from datetime import date

import pytest

from citycomm_common.directory import Agency, load_directory
from citycomm_common.directory_feed import with_agencies
from citycomm_intake.domain.key_parties import NotInDirectory, PartyRefused, check_form, check_member
from citycomm_intake.domain.principals import Role
from tests.conftest import CONFIG_DIR

DIRECTORY = load_directory(CONFIG_DIR / "directory.yaml")
TODAY = date(2026, 3, 12)


@pytest.mark.parametrize(
    ("role", "party"),
    [
        (Role.AGENCY, "so-y-te"),
        (Role.AGENCY, "ubnd-26740"),  # a ward's People's Committee
        (Role.AGENCY, "van-phong-ubnd-tp"),
        (Role.PRESS_CENTER, "trung-tam-bao-chi"),
        (Role.PRESS_AGENCY, "bao-tuoi-tre"),
        (Role.PRESS_AGENCY, "dai-truyen-hinh-tphcm"),
        (Role.OPEN311_CLIENT, "fixmystreet-hcm"),  # an app: not a directory member
        (Role.OPERATOR, ""),
    ],
)
def test_a_member_of_the_roles_kind_may_hold_a_key(role: Role, party: str) -> None:
    check_form(role, party)
    check_member(role, party, DIRECTORY, TODAY)


@pytest.mark.parametrize(
    ("role", "party", "says"),
    [
        (Role.AGENCY, "so-y-tee", "did you mean so-y-te"),
        (Role.AGENCY, "so-khong-co", "not in the directory"),
        (Role.PRESS_AGENCY, "bao-khong-co", "not in the directory (7 fit: e.g. bao-"),
        (Role.PRESS_CENTER, "trung-tam-bao-chi-2", "did you mean trung-tam-bao-chi"),
    ],
)
def test_a_party_not_in_the_directory_is_refused_saying_what_would_do(
    role: Role, party: str, says: str
) -> None:
    with pytest.raises(NotInDirectory) as caught:
        check_member(role, party, DIRECTORY, TODAY)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("role", "party", "says"),
    [
        (Role.AGENCY, "bao-tuoi-tre", "is a press_agency in the directory; a key of the role agency"),
        (Role.PRESS_AGENCY, "so-y-te", "is a department in the directory"),
        (Role.PRESS_CENTER, "bao-tuoi-tre", "is for a press_center"),
    ],
)
def test_a_member_of_another_kind_is_refused(role: Role, party: str, says: str) -> None:
    with pytest.raises(PartyRefused, match=says) as caught:
        check_member(role, party, DIRECTORY, TODAY)
    assert not isinstance(caught.value, NotInDirectory)


def test_a_member_no_longer_valid_is_refused() -> None:
    closed = DIRECTORY.get("bao-thanh-nien").model_copy(update={"valid_until": date(2026, 1, 31)})
    directory = with_agencies(DIRECTORY, [Agency.model_validate(closed.model_dump())])
    with pytest.raises(PartyRefused, match="not valid on 2026-03-12"):
        check_member(Role.PRESS_AGENCY, "bao-thanh-nien", directory, TODAY)


@pytest.mark.parametrize(
    ("role", "party", "says"),
    [
        (Role.AGENCY, "", "--party is required"),
        (Role.OPEN311_CLIENT, "", "--party is required"),
        (Role.OPEN311_CLIENT, "FixMyStreet HCM", "lowercase letters, digits and hyphens"),
        (Role.PRESS_AGENCY, "bao-tuoi-tre; drop", "lowercase letters"),
    ],
)
def test_the_party_must_have_the_directorys_id_form(role: Role, party: str, says: str) -> None:
    with pytest.raises(PartyRefused, match=says):
        check_form(role, party)
