"""Normalising and folding Vietnamese text."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from citycomm_common.text import BIDI_CONTROLS, fold, has_diacritics, normalize_text, strip_diacritics


def test_normalize_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Phường Bến Thành")
    assert normalize_text(decomposed) == "Phường Bến Thành"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


def test_normalize_trims_and_collapses_any_whitespace() -> None:
    assert normalize_text("\t Phường \u00a0 Rạch\n\nDừa  ") == "Phường Rạch Dừa"


def test_normalize_drops_invisible_characters() -> None:
    assert normalize_text("\ufeffSài\u200b Gòn") == "Sài Gòn"


def test_normalize_keeps_case_and_accents() -> None:
    assert normalize_text("Đặc khu CÔN ĐẢO") == "Đặc khu CÔN ĐẢO"


def test_fold_removes_case_accents_and_d_stroke() -> None:
    assert fold("Đặc khu Côn Đảo") == "dac khu con dao"
    assert fold("  ĐƯỜNG   Nguyễn Huệ ") == "duong nguyen hue"


def test_fold_ignores_old_and_new_tone_placement() -> None:
    assert fold("Bình Hòa") == fold("Bình Hoà") == fold("binh hoa")


def test_strip_diacritics_keeps_case() -> None:
    assert strip_diacritics("Đặc khu Côn Đảo") == "Dac khu Con Dao"


def test_has_diacritics() -> None:
    assert has_diacritics("Thạnh An")
    assert has_diacritics("đ")
    assert not has_diacritics("Thanh An")


@given(st.text())
def test_normalize_is_idempotent(s: str) -> None:
    assert normalize_text(normalize_text(s)) == normalize_text(s)


@given(st.text())
def test_fold_is_idempotent_and_accent_free(s: str) -> None:
    folded = fold(s)
    assert fold(folded) == folded
    assert not has_diacritics(folded)


def test_normalize_drops_every_bidi_control() -> None:
    assert len(BIDI_CONTROLS) == 12  # U+061C, U+200E-F, U+202A-E, U+2066-9
    assert normalize_text("Sài Gòn \u202eabc\u202c\u2066x\u2069\u200e\u200f\u061c") == "Sài Gòn abcx"


@given(st.text(), st.sampled_from(BIDI_CONTROLS), st.text())
def test_no_bidi_control_survives_normalisation(before: str, control: str, after: str) -> None:
    assert not set(normalize_text(before + control + after)) & set(BIDI_CONTROLS)
