"""Topics across categories and agencies: near-duplicate Vietnamese texts clustered (issue 19).

A text is normalised (NFC, diacritics kept), segmented into words (the segmenter is given: pyvi
in production, adapters/word_segmenter.py), and turned into a set of shingles on the folded form
(no diacritics, case-folded): the words and the syllable pairs, so a text typed without accents
("du an chong ngap") still meets its accented twin ("dự án chống ngập"). MinHash LSH (datasketch)
finds earlier texts whose estimated Jaccard similarity passes the threshold; a text joins the
topic of its most similar neighbour, or starts a topic of its own. Texts older than the
retention leave the index, so memory stays bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from citycomm_common.codec import derived_id
from citycomm_common.text import fold, normalize_text

Segmenter = Callable[[str], list[str]]
# Function words that make unrelated questions look alike (folded).
STOPWORDS = frozenset(fold(w) for w in (
    "và", "của", "là", "có", "được", "cho", "các", "những", "này", "đó", "với", "về", "thì", "mà",
    "tôi", "chúng tôi", "xin", "vui lòng", "đề nghị", "đã", "đang", "sẽ", "không", "ở", "tại", "khi",
    # The words of any request to the city, whatever it is about.
    "hỏi", "xin hỏi", "kính gửi", "phản ánh", "người dân", "cho biết", "cung cấp", "thông tin",
    "giải quyết", "xử lý", "sớm", "chính quyền", "ubnd", "thành phố", "sở", "phường", "cơ quan",
    "báo", "phóng viên", "mong", "được", "nào", "sao", "vì sao", "ra sao", "chưa"))


@dataclass(frozen=True)
class TopicSettings:
    threshold: float = 0.3  # estimated Jaccard similarity to join a topic
    num_perm: int = 128
    retention_hours: int = 14 * 24


def shingles(text: str, segment: Segmenter) -> set[str]:
    """Folded words (multi-syllable words kept whole) and folded syllable pairs of a text."""
    words = [fold(w.replace("_", " ")) for w in segment(normalize_text(text))]
    words = [w for w in words if w and any(ch.isalnum() for ch in w) and w not in STOPWORDS]
    syllables = [s for w in words for s in w.split()]
    return {f"w:{w}" for w in words} | {f"s:{a} {b}" for a, b in zip(syllables, syllables[1:], strict=False)}


class TopicIndex:
    """Assigns each text a topic id; the same text stream always yields the same ids."""

    def __init__(self, segment: Segmenter, settings: TopicSettings | None = None) -> None:
        self.settings = settings or TopicSettings()
        self._segment = segment
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)
        self._hashes: dict[str, MinHash] = {}
        self._topics: dict[str, str] = {}  # text id -> topic id
        self._order: deque[tuple[int, str]] = deque()

    def assign(self, text_id: str, text: str, hour: int) -> str:
        """The topic of `text` (seen at `hour`): a near-duplicate's topic, else a new one."""
        if text_id in self._topics:
            return self._topics[text_id]
        self._expire(hour)
        minhash = MinHash(num_perm=self.settings.num_perm)
        minhash.update_batch([s.encode() for s in sorted(shingles(text, self._segment))])
        candidates = self._lsh.query(minhash) if not minhash.is_empty() else []
        scored = [(self._hashes[other].jaccard(minhash), other) for other in candidates]
        best = max((c for c in scored if c[0] >= self.settings.threshold), default=(0.0, None))[1]
        topic = self._topics[best] if best is not None else derived_id("topic", text_id)
        self._lsh.insert(text_id, minhash)
        self._hashes[text_id] = minhash
        self._topics[text_id] = topic
        self._order.append((hour, text_id))
        return topic

    def _expire(self, hour: int) -> None:
        while self._order and self._order[0][0] < hour - self.settings.retention_hours:
            _, old = self._order.popleft()
            self._lsh.remove(old)
            del self._hashes[old]
            del self._topics[old]
