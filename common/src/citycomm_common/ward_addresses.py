"""Which ward an address names: today's ward, or a former ward and its district mapped to today's.

"123 Lê Lợi, Phường Sài Gòn, TP.HCM" names today's Phường Sài Gòn. An address that names a district
was written before 1 July 2025, when districts were abolished: "Phường Bến Nghé, Quận 1" names the
former ward, which is Phường Sài Gòn today (config/former-wards.yaml). A former ward divided among
several of today's wards is ambiguous unless the address also names one of them. Accents are
optional; written with accents, a name is first matched exactly ("Thạnh An" is not "Thanh An").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from citycomm_common.former_wards import FormerDistrict, FormerWard, FormerWards
from citycomm_common.text import fold, has_diacritics, normalize_text
from citycomm_common.wards import AmbiguousWard, UnknownWard, Ward, WardRegistry

_WORD = re.compile(r"\w+")
_SEPARATOR = re.compile(r"[,;:()\[\]/\n]| - ")
_GLUED = re.compile(r"([pqh])(\d+)")  # P1, Q1, H1 written without a space or dot
# Folded words before a unit's name, and which units they can name.
_WARD_WORDS = {
    ("dac", "khu"): "đặc khu", ("dk",): "đặc khu", ("thi", "tran"): "thị trấn", ("tt",): "thị trấn",
    ("phuong",): "phường", ("p",): "phường", ("xa",): "xã", ("x",): "xã",
}
_DISTRICT_WORDS = (("thanh", "pho"), ("thi", "xa"), ("quan",), ("huyen",), ("tp",), ("tx",), ("q",), ("h",))
_KIND_PREFIX = re.compile(r"^(phường|xã|thị trấn|đặc khu|quận|huyện|thành phố|thị xã) ", re.IGNORECASE)
What = Literal["today", "former", "district"]
FORMER_HINT = (
    "it names a ward of before 1 July 2025 found in several districts: add its district"
    " (e.g. 'Phường 1, Quận 3'), or name today's ward",
    "địa chỉ ghi phường/xã cũ (trước 1/7/2025) có ở nhiều quận, huyện: hãy ghi thêm quận, huyện"
    " (ví dụ 'Phường 1, Quận 3') hoặc ghi phường/xã hiện nay",
)


class DividedWard(AmbiguousWard):
    """A former ward whose territory went to several of today's wards, none of them named."""

    def __init__(self, former: FormerWard, district: FormerDistrict, candidates: Iterable[Ward]) -> None:
        super().__init__(f"{former.name}, {district.name}", candidates)
        listed = ", ".join(f"{w.name} ({w.code})" for w in self.candidates)
        self.args = (f"{former.name} ({district.name}) was divided on 1 July 2025 among {listed}:"
                     " name today's ward, or give its code",)
        self.message_vi = (f"{former.name} ({district.name}) đã được chia cho {listed} từ 1/7/2025:"
                           " hãy ghi phường/xã hiện nay hoặc mã của nó")


@dataclass(frozen=True)
class _Token:
    text: str
    key: str
    segment: int


@dataclass(frozen=True)
class _Mention:
    what: What
    units: tuple[Any, ...]  # Ward, FormerWard or FormerDistrict, all of the same name
    start: int  # the token it starts at
    bare: bool = False  # a whole part of the address that is a name, without its kind word


def _short(name: str) -> str:
    return _KIND_PREFIX.sub("", normalize_text(name), count=1)


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD.findall(name))


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    segment = last = 0
    for match in _WORD.finditer(text):
        segment += len(_SEPARATOR.findall(text, last, match.start()))
        last, word = match.end(), match.group()
        glued = _GLUED.fullmatch(fold(word))
        parts = [word[:1], word[1:]] if glued else [word]
        tokens.extend(_Token(p, fold(p), segment) for p in parts)
    return tokens


def _index(units: Iterable[tuple[str, Any]]) -> dict[tuple[str, ...], tuple[Any, ...]]:
    index: dict[tuple[str, ...], list[Any]] = {}
    for name, unit in units:
        index.setdefault(_key(_short(name)), []).append(unit)
    return {k: tuple(v) for k, v in index.items()}


def _accented(units: tuple[Any, ...], written: str) -> tuple[Any, ...]:
    """Written with accents: the units whose name is exactly that, if any."""
    if not has_diacritics(written):
        return units
    exact = tuple(u for u in units if _short(u.name).casefold() == written.casefold())
    return exact or units


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_Unit = TypeVar("_Unit", bound=_Coded)


def _unique(units: Iterable[_Unit]) -> list[_Unit]:
    return list({u.code: u for u in units}.values())


def _kind(unit: Any) -> str:
    """phường, xã, thị trấn or đặc khu."""
    if isinstance(unit, Ward):
        return unit.kind.value
    name = normalize_text(unit.name)
    return name[: len(name) - len(_short(name))].strip().lower()


def _after(tokens: list[_Token], i: int, words: tuple[str, ...]) -> int | None:
    """Where the name starts, if `words` (a kind word) stand at `i` with a name after them."""
    end = i + len(words)
    if end >= len(tokens) or tuple(t.key for t in tokens[i:end]) != words:
        return None
    return end if tokens[end].segment == tokens[end - 1].segment else None


class WardAddresses:
    """Resolves a ward code, a ward's name or a whole address to one of today's wards."""

    def __init__(self, registry: WardRegistry, former: FormerWards) -> None:
        self.registry = registry
        self.former = former
        self._today = _index((w.name, w) for w in registry.all())
        self._former = _index((w.name, w) for w in former.wards)
        self._districts = _index((name, d) for d in former.districts for name in (d.name, *d.aliases))
        self._longest = max(len(k) for k in (*self._today, *self._former, *self._districts))

    def resolve(self, text: str | int) -> Ward:
        """The one ward `text` names; UnknownWard if none, AmbiguousWard (or DividedWard) if several."""
        query = normalize_text(str(text))
        try:
            return self.registry.resolve(query)
        except UnknownWard:
            pass
        mentions = list(self._mentions(_tokens(query)))
        districts = {d.code: d for m in mentions if m.what == "district" for d in m.units}
        if districts:  # written before 1 July 2025, when districts were abolished
            found = self._former_in(mentions, districts)
            if found is not None:
                return found
        named = [m for m in mentions if not m.bare and m.what != "district"]
        today: list[Ward] = _unique(w for m in (named or mentions) if m.what == "today" for w in m.units)
        if len(today) > 1:
            raise AmbiguousWard(query, today)
        if today:
            return today[0]
        return self._former_anywhere(query, [m for m in mentions if m.what == "former"], mentions)

    def _former_in(self, mentions: list[_Mention], districts: dict[str, FormerDistrict]) -> Ward | None:
        """The former ward named in one of the districts named, as today's ward."""
        named = [_Mention("former", tuple(w for w in m.units if w.district in districts), m.start)
                 for m in mentions if m.what == "former"]
        named = [m for m in named if m.units]
        if named:
            return self._former_anywhere(", ".join(m.units[0].name for m in named), named, mentions)
        whole = [d for d in districts.values() if d.now]  # a district that became one unit itself
        if len(whole) == 1 and not any(m.what != "district" for m in mentions):
            return self.registry.by_code(whole[0].now[0])
        return None

    def _former_anywhere(self, query: str, former: list[_Mention], mentions: list[_Mention]) -> Ward:
        if len(former) == 1 and len(former[0].units) == 1:
            return self._today_of(former[0], mentions)
        if not former:
            raise UnknownWard(query)
        candidates = _unique(self.registry.by_code(c) for m in former for w in m.units for c in w.now)
        if len(candidates) == 1:
            return candidates[0]
        raise AmbiguousWard(query, candidates, FORMER_HINT)

    def _today_of(self, mention: _Mention, mentions: list[_Mention]) -> Ward:
        former: FormerWard = mention.units[0]
        if not former.divided:
            return self.registry.by_code(former.now[0])
        # The address may also name today's ward (the same words as the former ward's name do not).
        also: list[Ward] = _unique(w for m in mentions if m.what == "today" and m.start != mention.start
                       for w in m.units if w.code in former.now)
        if len(also) == 1:
            return also[0]
        raise DividedWard(former, self.former.district(former.district),
                          [self.registry.by_code(c) for c in former.now])

    def _mentions(self, tokens: list[_Token]) -> Iterator[_Mention]:
        """Units named after their kind word, left to right; then parts that are a bare name."""
        i, claimed = 0, set[int]()
        while i < len(tokens):
            found = self._named_at(tokens, i)
            if found is None:
                i += 1
                continue
            end, mentions = found
            claimed.update(t.segment for t in tokens[i:end])
            yield from mentions
            i = end
        for start, token in enumerate(tokens):
            if token.segment in claimed or (start and tokens[start - 1].segment == token.segment):
                continue
            words = [t for t in tokens[start:] if t.segment == token.segment]
            key = tuple(t.key for t in words)
            if key in self._districts and not key[-1].isdigit():
                yield _Mention("district", self._districts[key], start, bare=True)
            elif key in self._today:
                written = " ".join(t.text for t in words)
                yield _Mention("today", _accented(self._today[key], written), start, bare=True)

    def _named_at(self, tokens: list[_Token], i: int) -> tuple[int, list[_Mention]] | None:
        for district_words in _DISTRICT_WORDS:
            j = _after(tokens, i, district_words)
            found = self._name(tokens, j, self._districts) if j is not None else None
            if found:
                return found[0], [_Mention("district", found[1], i)]
        for words, kind in _WARD_WORDS.items():
            j = _after(tokens, i, words)
            if j is None:
                continue
            matches: dict[What, tuple[int, tuple[Any, ...]] | None] = {
                "today": self._name(tokens, j, self._today, kind),
                "former": self._name(tokens, j, self._former, kind),
            }
            end = max((m[0] for m in matches.values() if m), default=0)
            if end:
                return end, [_Mention(what, m[1], i) for what, m in matches.items() if m and m[0] == end]
        return None

    def _name(self, tokens: list[_Token], j: int, index: dict[tuple[str, ...], tuple[Any, ...]],
              kind: str | None = None) -> tuple[int, tuple[Any, ...]] | None:
        """The longest name in `index` starting at token `j` (of units of `kind`), and where it ends."""
        for length in range(min(self._longest, len(tokens) - j), 0, -1):
            words = tokens[j : j + length]
            if words[-1].segment != words[0].segment:
                continue
            units = index.get(tuple(t.key for t in words), ())
            units = tuple(u for u in units if kind is None or _kind(u) == kind)
            if units:
                return j + length, _accented(units, " ".join(t.text for t in words))
        return None
