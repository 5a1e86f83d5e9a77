"""The directory as data: records applied by the view, rotations expiring, bad records skipped."""

from __future__ import annotations

from datetime import timedelta

from citycomm_common.clock import FakeClock
from citycomm_common.directory import WebhookEndpoint
from citycomm_common.directory_feed import DirectoryView, agency_to_proto
from citycomm_common.settings import CommonSettings
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.domain import network
from tests.unit.test_routing_http import DEPS, NOW, FakeProducer


def view() -> DirectoryView:
    return DirectoryView(CommonSettings(), DEPS.file_directory)


def test_the_view_applies_records_and_skips_one_that_breaks_the_network() -> None:
    seen = view()
    renamed = DEPS.file_directory.get("so-y-te").model_copy(update={"short_name": "SYT"})
    dangling = renamed.model_copy(update={"id": "so-moi", "supervisor": "khong-co"})
    problems = seen.apply([agency_to_proto(renamed), agency_to_proto(dangling)])
    assert seen.current.get("so-y-te").short_name == "SYT"
    assert len(problems) == 1 and "khong-co" in problems[0] and seen.rejected_records == 1
    assert "so-moi" not in seen.records


def test_routing_follows_the_view() -> None:
    seen = view()
    deps = DEPS
    original, deps.current_directory = deps.current_directory, lambda: seen.current
    try:
        before = deps.router
        seen.apply([agency_to_proto(DEPS.file_directory.get("so-y-te"))])
        assert deps.router is not before and deps.router.directory is seen.current
    finally:
        deps.current_directory = original


async def test_old_secrets_are_dropped_once_their_time_has_passed() -> None:
    clock, producer = FakeClock(NOW), FakeProducer()
    writer = DirectoryWriter(view(), lambda: producer, clock)  # type: ignore[arg-type, return-value]
    await writer.start()
    endpoint = WebhookEndpoint(id="main", url="https://x.example.vn/h", secret_refs=["env:OLD"])
    await writer.change(lambda d: network.put_endpoint(d, "so-y-te", endpoint, {}))
    await writer.change(lambda d: network.rotate(d, "so-y-te", "main", "env:NEW",
                                                 NOW + timedelta(hours=1), NOW, {}))
    assert await writer.expire_rotations() == 0
    clock.advance(timedelta(hours=2))
    assert await writer.expire_rotations() == 1
    [main] = writer.view.current.get("so-y-te").endpoints
    assert main.secret_refs == ["env:NEW"] and writer.rotations("so-y-te") == {}


async def test_the_whole_directory_is_published_at_start_up() -> None:
    producer = FakeProducer()
    writer = DirectoryWriter(view(), lambda: producer, FakeClock(NOW))  # type: ignore[arg-type, return-value]
    writer.view._loaded.set()  # as if the topic had been read: it was empty
    await writer.start()
    assert await writer.publish_all() == len(DEPS.file_directory.agencies)
    assert {m.origin for m in producer.sent} == {"file"} and writer.published_at_start.is_set()
