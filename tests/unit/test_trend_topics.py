"""Topics across categories (issue 19): Vietnamese near-duplicates cluster, others do not."""

from __future__ import annotations

import unicodedata

from bench.trends.corpus import corpus, pairwise
from citycomm_reporting.adapters.word_segmenter import segment
from citycomm_reporting.domain.trend_topics import TopicIndex, TopicSettings, shingles

PRESS = "Phóng viên báo Tuổi Trẻ đề nghị cung cấp thông tin về dự án chống ngập đường Nguyễn Hữu Cảnh."
CITIZEN = "Người dân bức xúc về dự án chống ngập đường Nguyễn Hữu Cảnh, đề nghị chính quyền xử lý sớm."
NO_ACCENTS = "nguoi dan buc xuc ve du an chong ngap duong nguyen huu canh"
OTHER = "Karaoke nhà số 12 hát khuya, cả xóm không ngủ được."


def test_segmented_shingles_are_folded_and_skip_function_words() -> None:
    found = shingles(CITIZEN, segment)
    assert "w:du an" in found and "s:chong ngap" in found  # pyvi joined dự_án; matching is folded
    assert "w:ve" not in found and not any("đ" in s or "á" in s for s in found)
    decomposed = unicodedata.normalize("NFD", CITIZEN)
    assert shingles(decomposed, segment) == found


def test_a_press_question_and_citizen_texts_share_a_topic_across_accents() -> None:
    index = TopicIndex(segment)
    first = index.assign("a", PRESS, 0)
    assert index.assign("b", CITIZEN, 1) == first
    assert index.assign("c", NO_ACCENTS, 2) == first
    assert index.assign("d", OTHER, 3) != first
    assert index.assign("a", "anything", 4) == first  # a redelivered text keeps its topic


def test_old_texts_leave_the_index() -> None:
    index = TopicIndex(segment, TopicSettings(retention_hours=24))
    first = index.assign("a", PRESS, 0)
    assert index.assign("b", CITIZEN, 100) != first


def test_the_corpus_clusters_well_enough() -> None:
    """The figures of docs/benchmarks.md, kept from regressing."""
    texts = corpus()
    index = TopicIndex(segment)
    topics = {tid: index.assign(tid, text, 0) for tid, text, _ in texts}
    precision, recall = pairwise({tid: label for tid, _, label in texts}, topics)
    assert precision >= 0.75 and recall >= 0.6
