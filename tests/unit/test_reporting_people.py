"""Who may sign in to reporting's pages: a users file with Argon2id hashes, roles checked on load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from citycomm_reporting.adapters.people import People, hash_password
from citycomm_reporting.domain.people import Person
from citycomm_reporting.settings import ReportingSettings


def people_file(tmp_path: Path, *users: dict[str, str]) -> Path:
    path = tmp_path / "users.yaml"
    path.write_text(yaml.safe_dump({"users": list(users)}, allow_unicode=True), encoding="utf-8")
    return path


def test_a_person_signs_in_with_their_own_password_only(tmp_path: Path) -> None:
    people = People.from_file(people_file(
        tmp_path, {"login": "lanh-dao", "name": "Nguyễn Thị A", "role": "leadership",
                   "password_hash": hash_password("đúng-rồi")}))
    assert people.check("lanh-dao", "đúng-rồi") == Person("lanh-dao", "Nguyễn Thị A", "leadership")
    assert people.check("lanh-dao", "sai") is None
    assert people.check("khong-co", "đúng-rồi") is None
    assert People.from_file(None).check("lanh-dao", "đúng-rồi") is None  # no file: nobody


@pytest.mark.parametrize("user", [
    {"role": "agency"},  # an agency user without its agency
    {"role": "leadership", "agency_id": "so-xay-dung"},
    {"role": "admin"},
    {"role": "leadership", "password_hash": "plain-text"},
])
def test_a_users_file_that_is_wrong_is_refused(tmp_path: Path, user: dict[str, str]) -> None:
    entry = {"login": "x1", "name": "X", "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$xx$yy", **user}
    with pytest.raises(ValidationError):
        People.from_file(people_file(tmp_path, entry))


def test_what_each_role_may_do() -> None:
    leader, operator = Person("a", "A", "leadership"), Person("b", "B", "operator")
    agency = Person("c", "C", "agency", "so-xay-dung")
    assert leader.may_see_agency("ubnd-26740") and not leader.may_publish and leader.scope() == ""
    assert operator.may_publish
    assert agency.may_see_agency("so-xay-dung") and not agency.may_see_agency("ubnd-26740")
    assert agency.scope() == "so-xay-dung" and not agency.sees_the_city


def test_production_needs_a_session_secret_and_a_whole_oidc_client() -> None:
    production = {"environment": "production", "tracking_secret": "s" * 48, "reporting_grpc_token": "t" * 32}
    with pytest.raises(ValidationError, match="CITYCOMM_SESSION_SECRET is required in production"):
        ReportingSettings(**production)
    with pytest.raises(ValidationError, match="at least 32 characters"):
        ReportingSettings(session_secret="short")
    with pytest.raises(ValidationError, match="needs CITYCOMM_OIDC_CLIENT_ID"):
        ReportingSettings(oidc_issuer="https://id.example.vn/realms/hcm")
    assert ReportingSettings(**production, session_secret="c" * 32).session_secret.get_secret_value()


def test_make_run_signs_in_one_person_of_each_role(tmp_path: Path) -> None:
    from citycomm_dev.run import PAGE_USERS, page_users
    people = People.from_file(page_users(tmp_path, "mat-khau-moi-lan-chay"))
    found = {login: people.check(login, "mat-khau-moi-lan-chay") for login in PAGE_USERS}
    assert {p.role for p in found.values() if p} == {"leadership", "operator", "agency"}
    assert people.check("lanh-dao", "sai") is None
