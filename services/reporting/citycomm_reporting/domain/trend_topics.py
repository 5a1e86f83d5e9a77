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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from citycomm_common.codec import derived_id
from citycomm_common.text import fold, normalize_text

Segmenter = Callable[[str], list[str]]
SCHEME = "affine32"  # datasketch's permutations: saved signatures are read back with the same
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


@dataclass(frozen=True)
class IndexedText:
    """One text as the index keeps it: plain data, the value of a changelogged table (decision 0102)."""

    topic: str
    hour: int
    signature: tuple[int, ...]  # its MinHash values


class TopicIndex:
    """Assigns each text a topic id; the same text stream always yields the same ids. `expired`
    holds the ids of the texts that left the index since the caller last emptied it."""

    def __init__(self, segment: Segmenter, settings: TopicSettings | None = None) -> None:
        self.settings = settings or TopicSettings()
        self._segment = segment
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)
        self._hashes: dict[str, MinHash] = {}
        self._topics: dict[str, str] = {}  # text id -> topic id
        self._hours: dict[str, int] = {}  # text id -> the hour it came
        self._order: deque[tuple[int, str]] = deque()
        self.expired: list[str] = []

    def assign(self, text_id: str, text: str, hour: int) -> str:
        """The topic of `text` (seen at `hour`): a near-duplicate's topic, else a new one."""
        if text_id in self._topics:
            return self._topics[text_id]
        self._expire(hour)
        minhash = MinHash(num_perm=self.settings.num_perm, scheme=SCHEME)
        minhash.update_batch([s.encode() for s in sorted(shingles(text, self._segment))])
        candidates = self._lsh.query(minhash) if not minhash.is_empty() else []
        scored = [(self._hashes[other].jaccard(minhash), other) for other in candidates]
        best = max((c for c in scored if c[0] >= self.settings.threshold), default=(0.0, None))[1]
        topic = self._topics[best] if best is not None else derived_id("topic", text_id)
        self._lsh.insert(text_id, minhash)
        self._hashes[text_id] = minhash
        self._topics[text_id] = topic
        self._hours[text_id] = hour
        self._order.append((hour, text_id))
        return topic

    def indexed(self, text_id: str) -> IndexedText | None:
        if text_id not in self._topics:
            return None
        return IndexedText(self._topics[text_id], self._hours[text_id],
                           tuple(int(v) for v in self._hashes[text_id].hashvalues))

    def restore(self, texts: Iterable[tuple[str, IndexedText]]) -> int:
        """Take saved texts back (after a restart), oldest first, as they were clustered."""
        count = 0
        for text_id, text in sorted(texts, key=lambda t: (t[1].hour, t[0])):
            if text_id in self._topics:
                continue
            minhash = MinHash(num_perm=self.settings.num_perm, hashvalues=list(text.signature), scheme=SCHEME)
            self._lsh.insert(text_id, minhash)
            self._hashes[text_id] = minhash
            self._topics[text_id] = text.topic
            self._hours[text_id] = text.hour
            self._order.append((text.hour, text_id))
            count += 1
        return count

    def _expire(self, hour: int) -> None:
        while self._order and self._order[0][0] < hour - self.settings.retention_hours:
            _, old = self._order.popleft()
            self._lsh.remove(old)
            del self._hashes[old]
            del self._topics[old]
            del self._hours[old]
            self.expired.append(old)
