"""Reporting names agencies as directory.agencies has them, operators' additions included."""

from __future__ import annotations

from datetime import date

from citycomm_common.directory import Agency
from citycomm_common.directory_feed import DirectoryView, agency_to_proto
from citycomm_common.settings import CommonSettings
from citycomm_reporting.bootstrap import names_of
from tests.support.notifications_fakes import directory

ADDED = Agency(id="so-moi", name="Sở Mới Thành phố Hồ Chí Minh", short_name="Sở Mới",
               kind="department", valid_from=date(2025, 7, 1))  # type: ignore[arg-type]


def test_names_follow_the_directory_including_agencies_operators_add_and_retire() -> None:
    view = DirectoryView(CommonSettings(), directory())
    names = names_of(view)
    assert names["ubnd-26740"] == "UBND P. Sài Gòn" and "so-moi" not in names
    view.apply([agency_to_proto(ADDED, origin="operator")])
    assert names["so-moi"] == "Sở Mới"
    renamed = ADDED.model_copy(update={"short_name": "Sở Mới (đổi tên)"})
    view.apply([agency_to_proto(renamed, origin="operator")])
    assert names["so-moi"] == "Sở Mới (đổi tên)"
    retired = renamed.model_copy(update={"valid_until": date(2026, 1, 1)})
    view.apply([agency_to_proto(retired, origin="operator", retired=True)])
    assert names["so-moi"] == "Sở Mới (đổi tên)"  # a retired agency keeps its name for its past inquiries
