"""A report as people read it, whatever the file: a title, a few lines about it, tables of text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True)
class Document:
    title: str
    lines: tuple[str, ...]  # the period, when it was made, the headline figures
    tables: list[Table] = field(default_factory=list)
    file_stem: str = "report"
