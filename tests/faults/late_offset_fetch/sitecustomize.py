"""Fault injection for test_restart_backlog.py: the broker answers OffsetFetch late.

Python imports this module at start-up when its directory is on PYTHONPATH; it acts only in the
routing process and only when CITYCOMM_TEST_LATE_OFFSET_FETCH=1. The first time faust asks for its
committed offsets after records came to hand (a restart onto a backlog), each answer waits until
the consumer has begun handing stream records to the agents: the moment faust's resume window
(framework_fixes.keep_queued_records_on_resume) is widest. Later answers are not delayed.
"""

import os
import sys

MARK = "test fault: OffsetFetch answered after records were handed over:"
ENABLED = os.environ.get("CITYCOMM_TEST_LATE_OFFSET_FETCH") == "1"
if ENABLED and os.environ.get("OTEL_SERVICE_NAME") == "routing":
    import asyncio
    import contextlib

    import faust.transport.consumer
    from aiokafka import AIOKafkaConsumer

    _handing_over = asyncio.Event()  # bound to the worker's loop when first awaited
    _delayed: set[object] = set()  # the partitions whose answer was delayed once
    _consumer_init = faust.transport.consumer.Consumer.__init__
    _committed = AIOKafkaConsumer.committed

    def _init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        _consumer_init(self, *args, **kwargs)
        callback = self.callback

        async def handing_over(message):  # type: ignore[no-untyped-def]
            if "changelog" not in message.topic:
                _handing_over.set()
            return await callback(message)

        self.callback = handing_over

    async def _late_committed(self, partition):  # type: ignore[no-untyped-def]
        if partition.topic == "inquiry.commands" and partition not in _delayed:
            _delayed.add(partition)
            with contextlib.suppress(TimeoutError):  # nothing fetched yet: answer as the broker did
                await asyncio.wait_for(_handing_over.wait(), 5)
                sys.stderr.write(f"{MARK} {partition.topic}[{partition.partition}]\n")
                sys.stderr.flush()
        return await _committed(self, partition)

    faust.transport.consumer.Consumer.__init__ = _init
    AIOKafkaConsumer.committed = _late_committed
