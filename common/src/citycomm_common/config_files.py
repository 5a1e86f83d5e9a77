"""The one loader for configuration data files: YAML, `${VAR}` expansion, pydantic checks."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["ConfigError", "load_config", "load_yaml", "load_yaml_documents"]

M = TypeVar("M", bound=BaseModel)

_STR_TAG = "tag:yaml.org,2002:str"
_VARIABLE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message says where and why."""

    def __init__(self, path: Path, mark: Mark | None, field: str, reason: str) -> None:
        self.path = path
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.field = field
        self.reason = reason
        where = f"{path}:{self.line}:{self.column}" if mark is not None else str(path)
        super().__init__(f"{where}: {field + ': ' if field else ''}{reason}")


class _MarkedLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no type hints
    """A SafeLoader whose node tree, with its line and column marks, is kept after loading."""


def _expand(text: str, path: Path, node: Node) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, default = match.group(1), match.group(2)
        if name in os.environ:
            return os.environ[name]
        if default is not None:
            return default
        raise ConfigError(path, node.start_mark, "", f"environment variable {name} is not set")

    return _VARIABLE.sub(substitute, text)


def _prepare(node: Node, path: Path, seen_nodes: set[int] | None = None) -> None:
    """Expand variables in string scalars and reject duplicate keys, walking the node tree."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        return
    seen_nodes.add(id(node))
    if isinstance(node, ScalarNode) and node.tag == _STR_TAG and "$" in node.value:
        node.value = _expand(node.value, path, node)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _prepare(item, path, seen_nodes)
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value in seen:
                raise ConfigError(path, key.start_mark, key.value, "duplicate key")
            seen.add(key.value if isinstance(key, ScalarNode) else "")
            _prepare(value, path, seen_nodes)


def _compose_all(path: Path) -> list[tuple[Node, Any]]:
    """Each document of the file as (node tree, plain Python data)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(path, None, "", f"cannot read file: {error.strerror}") from error
    loader = _MarkedLoader(text)
    try:
        documents = []
        while loader.check_node():
            node = loader.get_node()
            _prepare(node, path)
            documents.append((node, loader.construct_document(node)))
        return documents
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ConfigError(path, mark, "", f"invalid YAML: {error.problem}") from error
    finally:
        loader.dispose()


def load_yaml_documents(path: Path) -> list[Any]:
    """The plain data of every document in a YAML file, variables expanded."""
    return [data for _, data in _compose_all(Path(path))]


def load_yaml(path: Path) -> Any:
    """The plain data of a single-document YAML file, variables expanded."""
    documents = _compose_all(Path(path))
    if len(documents) != 1:
        raise ConfigError(Path(path), None, "", f"expected one document, found {len(documents)}")
    return documents[0][1]


def _node_at(root: Node, loc: Sequence[int | str]) -> Node:
    """The deepest node reachable along a pydantic error location."""
    node = root
    for step in loc:
        if isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        elif isinstance(node, MappingNode):
            found = [value for key, value in node.value if key.value == str(step)]
            if not found:
                return node
            node = found[-1]
    return node


def _field_path(loc: Sequence[int | str]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


def _config_error(path: Path, root: Node, error: ValidationError) -> ConfigError:
    problems = [
        ConfigError(path, _node_at(root, e["loc"]).start_mark, _field_path(e["loc"]), e["msg"])
        for e in error.errors(include_url=False)
    ]
    first = problems[0]
    if len(problems) > 1:
        first.args = ("\n".join(str(p) for p in problems),)
    return first


def load_config(path: Path, model: type[M]) -> M:
    """Read one YAML configuration file and validate it as `model`; ConfigError if unusable."""
    path = Path(path)
    documents = _compose_all(path)
    if len(documents) != 1:
        raise ConfigError(path, None, "", f"expected one document, found {len(documents)}")
    root, data = documents[0]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise _config_error(path, root, error) from error
