"""Registry of Ho Chi Minh City's commune-level units (phường, xã, đặc khu) since 1 July 2025."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import vietnam_provinces as vnp

from citycomm_common.text import fold, has_diacritics, normalize_text

HCMC_PROVINCE_CODE = 79
SOURCE = f"vietnam-provinces {vnp.__version__} (data of {vnp.__data_version__})"


class WardKind(StrEnum):
    """Kind of commune-level unit (đơn vị hành chính cấp xã)."""

    PHUONG = "phường"
    XA = "xã"
    DAC_KHU = "đặc khu"

    @property
    def prefix(self) -> str:
        """The word that starts the unit's official name, e.g. ``Phường``."""
        return self.value[0].upper() + self.value[1:]


# Folded words people write before a name: "Phường Bến Thành", "P. Bến Thành", "P.Bến Thành".
_PREFIXES: tuple[tuple[str, WardKind], ...] = (
    ("dac khu", WardKind.DAC_KHU),
    ("phuong", WardKind.PHUONG),
    ("xa", WardKind.XA),
    ("dk.", WardKind.DAC_KHU),
    ("p.", WardKind.PHUONG),
    ("x.", WardKind.XA),
)


@dataclass(frozen=True, slots=True)
class Ward:
    """A commune-level unit: official code (5 digits), official name and kind."""

    code: str
    name: str
    kind: WardKind

    @property
    def short_name(self) -> str:
        """The name without its kind, e.g. ``Bến Thành`` for ``Phường Bến Thành``."""
        return self.name.removeprefix(self.kind.prefix).strip()


# Districts (quận, huyện) and Thủ Đức city were abolished on 1 July 2025.
_FORMER_LEVELS = ("quan ", "huyen ", "thanh pho thu duc", "tp thu duc", "tp. thu duc")


class UnknownWard(LookupError):
    """No commune-level unit of the city has this code or name, or an address names none."""

    def __init__(self, query: object) -> None:
        self.query = query
        message = f"unknown ward or commune of Ho Chi Minh City: {query!r}"
        self.message_vi = (f"không tìm thấy phường, xã, đặc khu nào của Thành phố trong {query!r}: hãy ghi"
                           " mã hoặc tên (ví dụ 'Phường Sài Gòn'); địa chỉ cũ ghi kèm quận, huyện"
                           " ('Phường Bến Nghé, Quận 1')")
        if fold(str(query)).startswith(_FORMER_LEVELS):
            message += "; districts were abolished on 1 July 2025, name the ward or commune"
        else:
            message += (": give its code or name ('Phường Sài Gòn'), or an address naming it; an"
                        " address from before 1 July 2025 names its ward and district"
                        " ('Phường Bến Nghé, Quận 1')")
        super().__init__(message)


ACCENTS_HINT = (
    "give the code, or the name with its accents",
    "hãy ghi mã, hoặc tên có dấu",
)


class AmbiguousWard(LookupError):
    """A name or address matches several units; the caller must choose (the hint says how)."""

    def __init__(self, query: str, candidates: Iterable[Ward], hint: tuple[str, str] = ACCENTS_HINT) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        listed = ", ".join(f"{w.name} ({w.code})" for w in self.candidates)
        self.message_vi = f"{query!r} ứng với nhiều phường, xã: {listed}; {hint[1]}"
        super().__init__(f"{query!r} matches several wards or communes: {listed}; {hint[0]}")


def _split_prefix(query: str) -> tuple[WardKind | None, str]:
    """Separate a leading kind word from the name; the name keeps its accents."""
    for prefix, kind in _PREFIXES:
        head, rest = query[: len(prefix)], query[len(prefix) :]
        separated = prefix.endswith(".") or rest.startswith(" ")
        if fold(head) == prefix and separated and rest.strip():
            return kind, normalize_text(rest)
    return None, query


def _index(wards: Iterable[Ward], key: str) -> dict[str, tuple[Ward, ...]]:
    index: dict[str, list[Ward]] = {}
    for ward in wards:
        name_key = normalize_text(ward.short_name).casefold()
        index.setdefault(fold(name_key) if key == "folded" else name_key, []).append(ward)
    return {k: tuple(v) for k, v in index.items()}


class WardRegistry:
    """Look-ups over a fixed set of wards by official code or by name."""

    def __init__(self, wards: Iterable[Ward]) -> None:
        self._by_code = {w.code: w for w in sorted(wards, key=lambda w: w.code)}
        self._by_exact_name = _index(self._by_code.values(), "exact")
        self._by_folded_name = _index(self._by_code.values(), "folded")

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def all(self) -> tuple[Ward, ...]:
        """Every ward, ordered by code."""
        return tuple(self._by_code.values())

    def by_code(self, code: str | int) -> Ward:
        """The ward with this official code; ``26734`` and ``"26734"`` are the same."""
        key = str(code).strip()
        key = key.zfill(5) if key.isdigit() else key
        try:
            return self._by_code[key]
        except KeyError:
            raise UnknownWard(code) from None

    def resolve(self, code_or_name: str | int) -> Ward:
        """The ward named or numbered by ``code_or_name``.

        Accepts the official code, or the name in any case, with or without accents and
        with or without its kind ("Phường", "Xã", "Đặc khu", "P.", "X."). A name written
        with accents is first matched exactly, so "Thạnh An" and "Thanh An" are told
        apart; a name written without accents may match several units and then raises
        ``AmbiguousWard``.
        """
        query = normalize_text(str(code_or_name))
        if query.isdigit():
            return self.by_code(query)
        kind, name = _split_prefix(query)
        candidates = self._match(name, accented=has_diacritics(query))
        if kind is not None:
            candidates = tuple(w for w in candidates if w.kind is kind)
        if not candidates:
            raise UnknownWard(code_or_name)
        if len(candidates) > 1:
            raise AmbiguousWard(query, candidates)
        return candidates[0]

    def _match(self, name: str, *, accented: bool) -> tuple[Ward, ...]:
        if accented:
            exact = self._by_exact_name.get(name.casefold())
            if exact:
                return exact
        return self._by_folded_name.get(fold(name), ())


def _from_package(ward: vnp.Ward) -> Ward:
    # The package writes a few names with a double space ("Phường  Rạch Dừa").
    return Ward(f"{int(ward.code):05d}", normalize_text(ward.name), WardKind(ward.division_type))


@cache
def hcmc_wards() -> WardRegistry:
    """The registry of the city's 168 commune-level units, built once per process."""
    package_wards = vnp.Ward.iter_by_province(vnp.ProvinceCode(HCMC_PROVINCE_CODE))
    return WardRegistry(_from_package(w) for w in package_wards)
