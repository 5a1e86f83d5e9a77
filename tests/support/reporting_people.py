"""People who sign in to reporting's pages in tests: one of each role, passwords hashed as in production."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from citycomm_reporting.adapters.people import hash_password
from tests.support.reporting_scenario import AGENCY_A

PASSWORDS = {"lanh-dao": "mat-khau-lanh-dao-1", "van-hanh": "mat-khau-van-hanh-1",
             "so-xd": "mat-khau-so-xd-1"}
USERS = [{"login": "lanh-dao", "name": "Nguyễn Thị Lãnh Đạo", "role": "leadership"},
         {"login": "van-hanh", "name": "Trần Văn Vận Hành", "role": "operator"},
         {"login": "so-xd", "name": "Lê Văn Sở", "role": "agency", "agency_id": AGENCY_A}]


@cache
def _hashed() -> tuple[tuple[str, str], ...]:
    return tuple((login, hash_password(password)) for login, password in PASSWORDS.items())


def write_users(folder: Path) -> Path:
    hashes = dict(_hashed())
    path = folder / "reporting-users.yaml"
    path.write_text(yaml.safe_dump({"users": [{**u, "password_hash": hashes[u["login"]]} for u in USERS]},
                                   allow_unicode=True), encoding="utf-8")
    return path
