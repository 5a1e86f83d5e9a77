"""A directory view answers only once it has read directory.agencies to its end."""

from __future__ import annotations

import pytest

from citycomm_common.directory_feed import DirectoryNotLoaded, DirectoryView, FixedDirectory
from citycomm_common.settings import CommonSettings
from tests.support.notifications_fakes import directory


def test_a_view_refuses_to_answer_before_it_has_caught_up() -> None:
    view = DirectoryView(CommonSettings(), directory())
    with pytest.raises(DirectoryNotLoaded):
        view.live()
    assert view.current is directory()  # the files, for what may be shown before (never decided on)
    view._loaded.set()  # what the end of the catch-up does
    assert view.live() is directory()


def test_a_fixed_directory_counts_as_caught_up() -> None:
    fixed = FixedDirectory(directory())
    assert fixed.is_loaded() and fixed.live() is directory()
