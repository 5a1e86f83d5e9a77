"""The people who may sign in to the pages, from a YAML file (settings.users_file), passwords
hashed with Argon2id (argon2-cffi). Production plugs in the city's OpenID Connect provider instead
(docs/reporting-sign-in.md)."""

from __future__ import annotations

from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field, model_validator

from citycomm_reporting.domain.people import ROLES, Person

_HASHER = PasswordHasher()
# Verified when the login is unknown, so that a wrong login costs as long as a wrong password.
_DUMMY = _HASHER.hash("not anyone's password")


class _User(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,62}$")
    name: str = Field(min_length=1)
    role: str
    agency_id: str = ""
    password_hash: str = Field(pattern=r"^\$argon2id\$")

    @model_validator(mode="after")
    def _role(self) -> _User:
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if (self.role == "agency") != bool(self.agency_id):
            raise ValueError("an agency user names its agency_id; no one else does")
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    users: list[_User]


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


class People:
    """Who may sign in; empty when no file is configured (then nobody can)."""

    def __init__(self, users: list[_User]) -> None:
        self._users = {u.login: u for u in users}

    @classmethod
    def from_file(cls, path: Path | None) -> People:
        if path is None:
            return cls([])
        return cls(_File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).users)

    def get(self, login: str) -> Person | None:
        user = self._users.get(login)
        return None if user is None else Person(user.login, user.name, user.role, user.agency_id)

    def check(self, login: str, password: str) -> Person | None:
        user = self._users.get(login)
        try:
            _HASHER.verify(user.password_hash if user else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        return self.get(login)
