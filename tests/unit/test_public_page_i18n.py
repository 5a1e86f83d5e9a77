"""Intake's public page speaks Vietnamese first: every message it shows has its Vietnamese in the
catalogue (extracted from the code and templates as pybabel would), none is left over or fuzzy."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from citycomm_common.page_language import po_path
from citycomm_intake.entrypoints.page_render import LOCALE_DIR, gettext

SERVICE = Path(__file__).resolve().parents[2] / "services" / "intake"
KEYWORDS = {"_": None, "N_": None, "say": None, "translated": (2,)}


def extracted() -> set[str]:
    with (SERVICE / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    return {message for _, _, message, _, _ in extract_from_dir(
        str(SERVICE), method_map, options_map, keywords=KEYWORDS) if isinstance(message, str)}


def test_every_message_has_its_vietnamese_and_none_is_left_over() -> None:
    with po_path(LOCALE_DIR, "vi").open("rb") as po:
        catalog = read_po(po, locale="vi")
    translated = {m.id: m.string for m in catalog if m.id}
    wanted = extracted()
    assert len(wanted) > 60
    assert sorted(wanted - translated.keys()) == [], "run pybabel extract and update (babel.cfg)"
    assert sorted(translated.keys() - wanted) == [], "messages no page uses any more"
    assert not [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert gettext("vi", "Tracking code") == "Mã tra cứu"
    assert gettext("en", "Tracking code") == "Tracking code"
