"""A skeleton of CityComm's shape with no business logic, for the end-to-end benchmark (issue 21).

Three processes, like intake → routing → notifications, on the same broker, with topics of the
same partitions: an HTTP endpoint (FastAPI under uvicorn, as intake) that produces one command and
answers 202 after the broker's ack; a consumer that turns each command into two records (like
InquirySubmitted + InquiryAssigned) and commits after they are sent; a consumer that POSTs the
second record to the receiver signed with Standard Webhooks, as notifications does; and beside
it a consumer that only reads the events (reporting's place). Plain aiokafka, no framework.

Run by bench.e2e: `python -m bench.skeleton http PORT BOOTSTRAP`, `... route BOOTSTRAP`,
`... notify BOOTSTRAP RECEIVER_URL`, `... read BOOTSTRAP`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import uvicorn
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from standardwebhooks import Webhook

from citycomm_common.framework_fixes.tansu_fetch_wait import EMBEDDED_FETCH_MAX_WAIT_MS
from citycomm_common.topics import TopicSpec

COMMANDS, EVENTS = TopicSpec("skeleton.commands"), TopicSpec("skeleton.events")
SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # a fixed test secret: nothing real is signed


def _producer(bootstrap: str, linger_ms: int) -> AIOKafkaProducer:
    # As CityComm's producers against the embedded broker: acks=all, no idempotence (Tansu).
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=linger_ms)


def _consumer(bootstrap: str, topic: str, group: str) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                            auto_offset_reset="earliest", enable_auto_commit=False,
                            session_timeout_ms=6000, heartbeat_interval_ms=1000,
                            fetch_max_wait_ms=EMBEDDED_FETCH_MAX_WAIT_MS)


class Feedback(BaseModel):
    category: str
    ward: str
    title: str
    description: str


def http_app(bootstrap: str) -> FastAPI:
    producers: list[AIOKafkaProducer] = []  # made in the server's loop

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        producers.append(_producer(bootstrap, linger_ms=0))
        await producers[0].start()
        yield
        await producers[0].stop()

    api = FastAPI(lifespan=lifespan)

    @api.post("/v1/feedback", status_code=202)
    async def submit(feedback: Feedback) -> JSONResponse:
        inquiry_id = str(uuid.uuid4())
        value = json.dumps({"inquiry_id": inquiry_id, **feedback.model_dump()}).encode()
        await producers[0].send_and_wait(COMMANDS.name, key=inquiry_id.encode(), value=value)
        return JSONResponse({"inquiry_id": inquiry_id}, status_code=202)

    @api.get("/healthz")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return api


async def route(bootstrap: str) -> None:
    """Each command → two records, keyed by inquiry; a batch's offsets committed once it is sent."""
    consumer = _consumer(bootstrap, COMMANDS.name, "skeleton-route")
    producer = _producer(bootstrap, linger_ms=5)
    await consumer.start()
    await producer.start()
    while True:
        batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
        sends = []
        for records in batches.values():
            for record in records:
                command = json.loads(record.value)
                for kind in ("submitted", "assigned"):
                    event = json.dumps({"type": kind, "inquiry_id": command["inquiry_id"],
                                        "agency": command["ward"]}).encode()
                    sends.append(await producer.send(EVENTS.name, key=record.key, value=event))
        if sends:
            await asyncio.gather(*sends)
            await consumer.commit()


async def notify(bootstrap: str, receiver: str) -> None:
    """Each assignment → one signed POST to the receiver; a batch committed once delivered."""
    consumer = _consumer(bootstrap, EVENTS.name, "skeleton-notify")
    signer = Webhook(SECRET)
    await consumer.start()
    async with httpx.AsyncClient(timeout=10) as client:
        async def deliver(event: dict[str, str]) -> None:
            message_id, moment = f"msg_{uuid.uuid4().hex}", datetime.now(UTC)
            payload = json.dumps({"type": "inquiry.assigned", "timestamp": moment.isoformat(),
                                  "data": {"inquiry_id": event["inquiry_id"]}})
            headers = {"webhook-id": message_id, "webhook-timestamp": str(int(moment.timestamp())),
                       "webhook-signature": signer.sign(message_id, moment, payload),
                       "content-type": "application/json"}
            (await client.post(receiver, content=payload.encode(), headers=headers)).raise_for_status()

        while True:
            batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
            events = [json.loads(r.value) for records in batches.values() for r in records]
            await asyncio.gather(*(deliver(e) for e in events if e["type"] == "assigned"))
            if events:
                await consumer.commit()


async def read(bootstrap: str) -> None:
    """Reporting's place: reads every event, commits per batch, does nothing with them."""
    consumer = _consumer(bootstrap, EVENTS.name, "skeleton-read")
    await consumer.start()
    while True:
        batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
        if any(batches.values()):
            await consumer.commit()


def main(argv: list[str]) -> None:
    role, *args = argv
    if role == "http":
        uvicorn.run(http_app(args[1]), host="127.0.0.1", port=int(args[0]), log_level="warning",
                    access_log=False)
        return
    import uvloop  # as the stream services run

    job = route(*args) if role == "route" else notify(*args) if role == "notify" else read(*args)
    uvloop.run(job)


if __name__ == "__main__":
    main(sys.argv[1:])
