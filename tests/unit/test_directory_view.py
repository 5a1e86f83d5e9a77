"""A directory view answers only once it has read directory.agencies to its end; it reads records
by their typed fields, whichever release wrote them."""

from __future__ import annotations

import pytest

from citycomm.v1 import directory_pb2
from citycomm_common import codec
from citycomm_common.directory import AgencyKind, Contact, ContactRole
from citycomm_common.directory_feed import (
    DirectoryNotLoaded,
    DirectoryView,
    FixedDirectory,
    agency_to_proto,
)
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


def test_records_are_written_typed_and_read_whichever_release_wrote_them() -> None:
    ward = next(a for a in directory().agencies if a.kind is AgencyKind.WARD)
    ward = ward.model_copy(update={"short_name": "Mới", "contacts": [
        Contact(role=ContactRole.SPOKESPERSON, name="Chị Lan", email="lan@example.vn")]})
    ours = agency_to_proto(ward, origin="operator")
    assert ours.agency_kind == directory_pb2.AGENCY_KIND_WARD and not ours.kind
    assert [c.contact_role for c in ours.contacts] == [directory_pb2.CONTACT_ROLE_SPOKESPERSON]
    theirs = directory_pb2.Agency()  # the previous release's record: kind and role as text
    theirs.CopyFrom(ours)
    theirs.ClearField("agency_kind")
    theirs.kind = "ward"
    theirs.contacts[0].ClearField("contact_role")
    theirs.contacts[0].role = "spokesperson"
    for record in (ours, theirs):
        framed = codec.encode(record, source="test", subject=record.id)
        read = codec.decode(framed.value, framed.headers).message
        assert isinstance(read, directory_pb2.Agency)
        view = DirectoryView(CommonSettings(), directory())
        assert view.apply([read]) == []
        assert view.current.get(ward.id) == ward
