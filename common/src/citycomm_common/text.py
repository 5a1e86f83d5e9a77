"""Normalising and folding Vietnamese text for storage and accent-insensitive matching."""

import unicodedata

# Bidirectional controls (marks, embeddings, overrides, isolates): they change the order in which
# text is shown, so a title could read differently from what it says ("Trojan Source"). Stripped,
# not refused: Vietnamese never needs them, they arrive invisibly in copy-paste, and without them
# text shows in the order it is stored; RTL scripts still display by the Unicode bidi algorithm.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
# Invisible characters that survive copy-paste from web pages and office documents.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff" + BIDI_CONTROLS))
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def normalize_text(s: str) -> str:
    """Return ``s`` in Unicode NFC, trimmed, with every run of whitespace made one space."""
    return " ".join(unicodedata.normalize("NFC", s.translate(_INVISIBLE)).split())


def strip_bidi_controls(s: str) -> str:
    """Return ``s`` without bidirectional controls (text kept as typed, line breaks included)."""
    return s.translate(_BIDI)


def strip_diacritics(s: str) -> str:
    """Remove tone and vowel marks and turn đ/Đ into d/D, keeping case."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.translate(_D_STROKE))


def fold(s: str) -> str:
    """Return the matching key of ``s``: normalised, case-folded and without diacritics.

    Old and new tone placement (``hòa`` / ``hoà``) fold to the same key.
    """
    return strip_diacritics(normalize_text(s).casefold())


def has_diacritics(s: str) -> bool:
    """Tell whether ``s`` carries any Vietnamese tone or vowel mark (or đ)."""
    lowered = normalize_text(s).casefold()
    return strip_diacritics(lowered) != lowered
