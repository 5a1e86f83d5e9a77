"""Reporting's pages speak Vietnamese first: every message people read has a Vietnamese translation in
the catalogue (extracted from the code and templates as pybabel would), the catalogue compiles, the
language is chosen as promised, and numbers and dates follow each language's conventions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from starlette.requests import Request

from citycomm_reporting.entrypoints.i18n import Formats, language_of, po_path, translations

SERVICE = Path(__file__).resolve().parents[2] / "services" / "reporting"
KEYWORDS = {"_": None, "gettext": None, "N_": None, "t": None}


def extracted() -> set[str]:
    with (SERVICE / "babel.cfg").open() as cfg:
        from babel.messages.frontend import parse_mapping_cfg
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    return {message for _, _, message, _, _ in extract_from_dir(
        str(SERVICE), method_map, options_map, keywords=KEYWORDS) if isinstance(message, str)}


def test_every_message_has_its_vietnamese_and_none_is_left_over() -> None:
    with po_path("vi").open("rb") as po:
        catalog = read_po(po, locale="vi")
    translated = {m.id: m.string for m in catalog if m.id}
    wanted = extracted()
    assert len(wanted) > 100
    assert sorted(wanted - translated.keys()) == [], "run pybabel extract and update (babel.cfg)"
    assert sorted(translated.keys() - wanted) == [], "messages no page uses any more"
    assert not [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert translations("vi").gettext("Overdue now") == "Đang quá hạn"
    assert translations("en").gettext("Overdue now") == "Overdue now"


def request(query: str = "", **headers: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(),
                    "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]})


@pytest.mark.parametrize(("query", "headers", "expected"), [
    ("", {}, "vi"),
    ("", {"accept_language": "en-GB,en;q=0.8"}, "en"),
    ("", {"accept_language": "fr-FR,vi;q=0.5,en;q=0.3"}, "vi"),
    ("", {"accept_language": "fr-FR"}, "vi"),
    ("lang=en", {"accept_language": "vi"}, "en"),
    ("lang=xx", {"cookie": "citycomm_lang=en"}, "en"),
])
def test_the_language_is_the_switch_then_the_cookie_then_the_browser(
        query: str, headers: dict[str, str], expected: str) -> None:
    assert language_of(request(query, **headers)) == expected


def test_numbers_and_dates_as_vietnamese_write_them_in_the_citys_time() -> None:
    vi, en = Formats("vi"), Formats("en")
    assert (vi.number(1234.56), en.number(1234.56)) == ("1.234,6", "1,234.6")
    assert (vi.share(0.6667), en.share(0.6667)) == ("66,7%", "66.7%")
    late_evening_utc = datetime(2026, 5, 31, 18, 30, tzinfo=UTC)  # 1 June 01:30 in the city
    assert vi.day(late_evening_utc) == "01/06/2026"
    assert vi.moment(late_evening_utc) == "01:30 01/06/2026"
    assert vi.long_day(date(2026, 5, 20)) == "20 tháng 5, 2026"
    assert vi.number(None) == "–"


@pytest.mark.parametrize(("lang", "label", "shown"), [
    ("vi", "2026-05", "05/2026"), ("vi", "2026-05 (1022)", "05/2026"), ("vi", "2026-05-04", "04/05"),
    ("vi", "2026-W20", "Tuần 20"), ("en", "2026-W07", "Wk 7"),
])
def test_trend_labels_are_written_as_people_write_periods(lang: str, label: str, shown: str) -> None:
    from citycomm_reporting.entrypoints.page_views import trend_label
    from citycomm_reporting.entrypoints.templating import Speaker
    assert trend_label(Speaker(lang, None), label) == shown  # type: ignore[arg-type]
