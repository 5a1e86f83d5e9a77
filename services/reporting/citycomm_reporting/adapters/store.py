"""The read model in SQL: idempotent projection (upsert by event id) and look-ups."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from google.protobuf.json_format import MessageToDict
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from citycomm_common.codec import Envelope
from citycomm_reporting.adapters.schema import inquiries, inquiry_events, metadata
from citycomm_reporting.domain.projection import keeps_newer_status, row_change


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite") and ":///" in url:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    return create_async_engine(url, pool_pre_ping=True)


class ReadModel:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.schema_ready = False
        self._schema_lock = asyncio.Lock()
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert_event = dialect.insert(inquiry_events).on_conflict_do_nothing(
            index_elements=["event_id"])

    async def ensure_schema(self) -> None:
        async with self._schema_lock:
            if not self.schema_ready:
                async with self.engine.begin() as conn:
                    await conn.run_sync(metadata.create_all)
                self.schema_ready = True

    async def apply(self, envelope: Envelope) -> bool:
        """Record an event once; a redelivered event changes nothing and returns False."""
        async with self.engine.begin() as conn:
            stored = await conn.execute(self._insert_event.values(
                event_id=envelope.id, inquiry_id=envelope.subject, type=envelope.type,
                source=envelope.source, occurred_at=envelope.time,
                data=MessageToDict(envelope.message, preserving_proto_field_name=True),
            ))
            if stored.rowcount == 0:
                return False
            change = row_change(envelope.message)
            if change is not None:
                await self._upsert_inquiry(conn, envelope, change)
            return True

    async def _upsert_inquiry(self, conn: AsyncConnection, envelope: Envelope,
                              change: dict[str, Any]) -> None:
        current = (await conn.execute(
            select(inquiries.c.status).where(inquiries.c.inquiry_id == envelope.subject)
        )).scalar_one_or_none()
        values = {k: v for k, v in change.items() if v not in (None, "")}
        if keeps_newer_status(current, values.get("status", "")):
            values.pop("status", None)
        values["updated_at"] = envelope.time
        if current is None:
            values.setdefault("status", "submitted")
            await conn.execute(insert(inquiries).values(inquiry_id=envelope.subject, **values))
        else:
            await conn.execute(
                update(inquiries).where(inquiries.c.inquiry_id == envelope.subject).values(**values))

    async def inquiry(self, *, inquiry_id: str = "", tracking_code: str = "") -> dict[str, Any] | None:
        column = inquiries.c.inquiry_id if inquiry_id else inquiries.c.tracking_code
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(inquiries).where(column == (inquiry_id or tracking_code))
            )).mappings().first()
        return dict(row) if row else None
