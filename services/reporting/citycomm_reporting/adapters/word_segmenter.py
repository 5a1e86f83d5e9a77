"""Vietnamese word segmentation with pyvi (a CRF model shipped inside the package, no download)."""

from __future__ import annotations

from functools import cache

from pyvi import ViTokenizer  # pyvi ships no type hints: checked as Any


@cache
def _warm() -> None:
    ViTokenizer.tokenize("khởi động")  # loads the model once, not on the first inquiry


def segment(text: str) -> list[str]:
    """Words of `text`, syllables of one word joined by '_' ("dự_án")."""
    _warm()
    return str(ViTokenizer.tokenize(text)).split()
