"""The directory as data: records applied by the view, rotations expiring, bad records skipped."""

from __future__ import annotations

from datetime import timedelta

from citycomm_common.clock import FakeClock
from citycomm_common.directory import WebhookEndpoint
from citycomm_common.directory_feed import agency_to_proto
from tests.support import routing_fakes
from tests.support.routing_fakes import FakeProducer, directory_files, directory_view
from tests.unit.test_routing_http import NOW


def test_the_view_applies_records_and_skips_one_that_breaks_the_network() -> None:
    seen = directory_view()
    renamed = directory_files().get("so-y-te").model_copy(update={"short_name": "SYT"})
    dangling = renamed.model_copy(update={"id": "so-moi", "supervisor": "khong-co"})
    problems = seen.apply([agency_to_proto(renamed), agency_to_proto(dangling)])
    assert seen.current.get("so-y-te").short_name == "SYT"
    assert len(problems) == 1 and "khong-co" in problems[0] and seen.rejected_records == 1
    assert "so-moi" not in seen.records


def test_routing_follows_the_view() -> None:
    container = routing_fakes.container(clock=FakeClock(NOW))
    before = container.context.router
    assert container.context.router is before  # kept while the directory is the same
    container.directory.apply([agency_to_proto(directory_files().get("so-y-te"))])
    after = container.context.current().router
    assert after is not before and after.directory is container.directory.current


async def test_old_secrets_are_dropped_once_their_time_has_passed() -> None:
    clock = FakeClock(NOW)
    container = routing_fakes.container(clock=clock)
    admin = container.directory_admin
    await container.directory_writer.start()
    endpoint = WebhookEndpoint(id="main", url="https://x.example.vn/h", secret_refs=["env:OLD"])
    await admin.put_endpoint("so-y-te", endpoint)
    await admin.rotate("so-y-te", "main", "env:NEW", NOW + timedelta(hours=1))
    assert await admin.expire_rotations() == 0
    clock.advance(timedelta(hours=2))
    assert await admin.expire_rotations() == 1
    [main] = admin.agency("so-y-te").endpoints
    assert main.secret_refs == ["env:NEW"] and container.directory_writer.rotations("so-y-te") == {}


async def test_the_whole_directory_is_published_at_start_up() -> None:
    producer = FakeProducer()
    container = routing_fakes.container(clock=FakeClock(NOW), producer=producer)
    container.directory._loaded.set()  # as if the topic had been read: it was empty
    await container.directory_writer.start()
    assert await container.directory_writer.publish_all() == len(directory_files().agencies)
    assert {m.origin for m in producer.sent} == {"file"} and container.directory_admin.is_published()
