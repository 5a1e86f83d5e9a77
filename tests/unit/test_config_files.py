"""Tests of the configuration-file loader: expansion, validation, and where errors point."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from citycomm_common.config_files import ConfigError, load_config, load_yaml, load_yaml_documents


class Policy(BaseModel):
    id: str
    amount: int = Field(gt=0)


class PolicyFile(BaseModel):
    name: str = "default"
    port: int = 0
    policies: list[Policy] = []


def write(tmp_path: Path, text: str, name: str = "policies.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "policies:\n  - id: a\n    amount: 3\n")
    assert load_config(path, PolicyFile).policies == [Policy(id="a", amount=3)]


def test_names_file_line_column_and_field_of_an_invalid_value(tmp_path: Path) -> None:
    text = "policies:\n  - id: a\n    amount: 3\n  - id: b\n    amount: 0\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), PolicyFile)
    assert str(caught.value) == (
        f"{tmp_path / 'policies.yaml'}:5:13: policies[1].amount: Input should be greater than 0"
    )
    assert (caught.value.line, caught.value.column) == (5, 13)
    assert caught.value.field == "policies[1].amount"


def test_a_missing_field_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    text = "policies:\n  - id: a\n    amount: 3\n  - amount: 4\n"
    with pytest.raises(ConfigError, match=r":4:5: policies\[1\]\.id: Field required"):
        load_config(write(tmp_path, text), PolicyFile)


def test_reports_every_validation_error(tmp_path: Path) -> None:
    text = "port: many\npolicies:\n  - id: a\n    amount: -1\n"
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), PolicyFile)
    lines = str(caught.value).splitlines()
    assert ":1:7: port: Input should be a valid integer" in lines[0]
    assert ":4:13: policies[0].amount:" in lines[1]


def test_a_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "policies:\n  - id: a\n   amount: [3\n")
    with pytest.raises(ConfigError, match=r"policies\.yaml:\d+:\d+: invalid YAML"):
        load_config(path, PolicyFile)


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read file"):
        load_config(tmp_path / "absent.yaml", PolicyFile)


def test_expands_environment_variables_and_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITY", "HCMC")
    monkeypatch.delenv("PORT", raising=False)
    path = write(tmp_path, "name: ${CITY}-$${literal}\nport: ${PORT:-8080}\n")
    loaded = load_config(path, PolicyFile)
    assert (loaded.name, loaded.port) == ("HCMC-${literal}", 8080)


def test_an_unset_variable_without_default_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    path = write(tmp_path, "policies: []\nname: ${NOT_SET_ANYWHERE}\n")
    with pytest.raises(ConfigError, match=r":2:7: environment variable NOT_SET_ANYWHERE"):
        load_config(path, PolicyFile)


def test_variables_are_expanded_once_through_aliases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRICKY", "$${x}")
    path = write(tmp_path, "a: &v ${TRICKY}\nb: *v\n")
    assert load_yaml(path) == {"a": "$${x}", "b": "$${x}"}


def test_rejects_duplicate_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "name: a\nport: 1\nname: b\n")
    with pytest.raises(ConfigError, match=r":3:1: name: duplicate key"):
        load_config(path, PolicyFile)


def test_rejects_a_file_with_several_documents(tmp_path: Path) -> None:
    path = write(tmp_path, "name: a\n---\nname: b\n")
    with pytest.raises(ConfigError, match="expected one document, found 2"):
        load_config(path, PolicyFile)
    assert load_yaml_documents(path) == [{"name": "a"}, {"name": "b"}]


def test_an_empty_file_is_one_missing_document(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="found 0"):
        load_config(write(tmp_path, ""), PolicyFile)


def test_config_error_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        load_config(write(tmp_path, "port: x\n"), PolicyFile)
