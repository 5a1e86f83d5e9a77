"""A seeded Vietnamese near-duplicate corpus and the topic clustering's score on it (issue 19).

Matters (a flooding project, a bus route cut, ...) are asked about by journalists and citizens in
different words: press questions and complaints from templates, some typed without diacritics,
some with the old tone placement (hoà/hòa), with greetings and extra details; plus one-off texts
on unrelated matters. Clustering is scored pairwise: of the pairs put in one topic, how many are
the same matter (precision); of the same-matter pairs, how many share a topic (recall).
"""

from __future__ import annotations

import random
import time
import unicodedata
from itertools import combinations
from typing import Protocol

from citycomm_common.text import strip_diacritics

MATTERS = [
    "dự án chống ngập đường Nguyễn Hữu Cảnh",
    "việc cắt tuyến xe buýt số 19 qua cầu Sài Gòn",
    "cây xanh bị đốn hạ trên đường Tôn Đức Thắng",
    "mùi hôi từ bãi rác Đa Phước",
    "sụt lún mặt đường Võ Văn Kiệt sau mưa lớn",
    "tiếng ồn công trình metro số 2 ban đêm",
    "ngộ độc thực phẩm tại trường tiểu học Hòa Bình",
    "giá nước sinh hoạt tăng từ tháng này",
    "cúp điện kéo dài ở khu dân cư Phú Mỹ",
    "lấn chiếm vỉa hè chợ Bàn Cờ",
    "tiến độ giải phóng mặt bằng khu đô thị Thủ Thiêm",
    "học phí trường công lập năm học mới",
]
PRESS = [
    "Xin hỏi UBND thành phố về {m}: kế hoạch và thời gian hoàn thành ra sao?",
    "Phóng viên báo Tuổi Trẻ đề nghị cung cấp thông tin về {m}.",
    "Báo Thanh Niên hỏi: cơ quan nào chịu trách nhiệm về {m}?",
    "Đề nghị Sở cho biết nguyên nhân và hướng xử lý {m}.",
]
CITIZEN = [
    "Người dân bức xúc về {m}, đề nghị chính quyền xử lý sớm.",
    "Tôi phản ánh {m}, đã nhiều ngày chưa ai giải quyết.",
    "Kính gửi phường, gia đình tôi bị ảnh hưởng bởi {m}. Mong được giải quyết.",
    "Vì sao {m} mà chưa có thông báo cho người dân?",
]
ONE_OFF = [
    "Đèn đường hẻm {n} đường Lê Lợi bị hư", "Xin cấp lại giấy khai sinh cho con, hồ sơ số {n}",
    "Nhà số {n} nuôi chó thả rông", "Hỏi về thủ tục đăng ký kinh doanh hộ cá thể mã {n}",
    "Nắp hố ga số {n} bị mất trước nhà", "Karaoke nhà số {n} hát khuya",
]
OLD_TONES = {"hòa": "hoà", "Hòa": "Hoà", "thủy": "thuỷ", "khỏe": "khoẻ"}


class Sink(Protocol):
    def write(self, text: str, /) -> int: ...


def corpus(seed: int = 19, per_matter: int = 14, one_offs: int = 6) -> list[tuple[str, str, str]]:
    """(text id, text, label): label is the matter, or the text's own id for a one-off."""
    rng = random.Random(seed)
    texts = []
    for i, matter in enumerate(MATTERS):
        for j in range(per_matter):
            text = rng.choice(PRESS if j % 2 else CITIZEN).format(m=matter)
            roll = rng.random()
            if roll < 0.25:
                text = strip_diacritics(text).lower()  # typed without accents
            elif roll < 0.4:
                for new, old in OLD_TONES.items():
                    text = text.replace(new, old)
                text = unicodedata.normalize("NFD", text)  # decomposed, as some keyboards send
            texts.append((f"m{i}-{j}", text, f"m{i}"))
    for k in range(one_offs):
        text = ONE_OFF[k % len(ONE_OFF)].format(n=rng.randint(1, 999))
        texts.append((f"o{k}", text, f"o{k}"))
    rng.shuffle(texts)
    return texts


def pairwise(labels: dict[str, str], topics: dict[str, str]) -> tuple[float, float]:
    same_topic = {p for p in combinations(sorted(labels), 2) if topics[p[0]] == topics[p[1]]}
    same_label = {p for p in combinations(sorted(labels), 2) if labels[p[0]] == labels[p[1]]}
    hits = len(same_topic & same_label)
    return hits / max(len(same_topic), 1), hits / max(len(same_label), 1)


def report(out: Sink) -> None:
    from citycomm_reporting.adapters.word_segmenter import segment
    from citycomm_reporting.domain.trend_topics import TopicIndex

    texts = corpus()
    rows = []
    for name, splitter in (("pyvi words + syllable pairs", segment), ("whitespace only", str.split)):
        index = TopicIndex(splitter)
        splitter("khởi động")
        started = time.perf_counter()
        topics = {tid: index.assign(tid, text, 0) for tid, text, _ in texts}
        seconds = time.perf_counter() - started
        precision, recall = pairwise({tid: label for tid, _, label in texts}, topics)
        rows.append(f"| {name} | {precision:.0%} | {recall:.0%} | {len(set(topics.values()))} | "
                    f"{len(texts) / seconds:,.0f} |")
    out.write(f"\nTopics: {len(texts)} Vietnamese texts, {len(MATTERS)} matters asked in press and "
              f"citizen words (a quarter without diacritics), {len(texts) - 14 * len(MATTERS)} one-offs\n\n")
    out.write("| segmentation | pair precision | pair recall | topics | texts/s |\n|---|---|---|---|---|\n")
    out.write("\n".join(rows) + "\n")
