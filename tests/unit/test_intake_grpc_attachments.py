"""gRPC Submit with attachments (bytes, bounded) and a place, on a real server with fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from citycomm.v1 import attachments_pb2, intake_pb2
from tests.unit.test_intake_attachments import gps_jpeg
from tests.unit.test_intake_grpc import FEEDBACK, Rig
from tests.unit.test_intake_grpc import rig as rig  # noqa: F401 - the fixture

CITY_HALL = attachments_pb2.GeoPoint(lat=10.7763, long=106.7009)


def with_(attachments: list[bytes], location: attachments_pb2.GeoPoint | None = None
          ) -> intake_pb2.Submission:
    request = intake_pb2.Submission()
    request.CopyFrom(FEEDBACK)
    request.attachments.extend(attachments)
    if location is not None:
        request.location.CopyFrom(location)
    return request


async def test_a_photo_and_a_place_over_grpc(rig: Rig) -> None:
    await rig.stub.Submit(with_([gps_jpeg()], CITY_HALL))
    [command] = rig.publisher.commands
    assert (command.location.lat, command.location.long) == (10.7763, 106.7009)
    [photo] = command.attachments
    assert photo.content_type == "image/jpeg" and photo.size > 0


@pytest.mark.parametrize(("attachments", "location", "field"), [
    ([b"not an image"], None, None),
    ([gps_jpeg()] * 6, None, "attachments"),
    ([], attachments_pb2.GeoPoint(lat=21.03, long=105.85), "lat"),
])
async def test_refusals_are_invalid_argument(rig: Rig, attachments: list[bytes],
                                             location: attachments_pb2.GeoPoint | None,
                                             field: str | None) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await rig.stub.Submit(with_(attachments, location))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field is None or field in (refused.value.details() or "")
    assert not rig.publisher.commands


async def test_bulk_items_carry_no_attachments(rig: Rig) -> None:
    from citycomm_intake.domain.principals import Role

    async def items() -> AsyncIterator[intake_pb2.Submission]:
        yield with_([gps_jpeg()])

    answer = await rig.stub.BulkSubmit(items(), metadata=rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi"))
    [result] = answer.results
    assert not result.accepted and "attachments" in str(result) and not rig.publisher.commands
