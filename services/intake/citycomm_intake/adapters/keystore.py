"""API keys (stored as SHA-256 of a 256-bit secret) and Idempotency-Key records, in SQL."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    event,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from citycomm_intake.domain.principals import KeyInfo, Principal, Role

PREFIX = "cck"
metadata = MetaData()
api_keys = Table(
    "intake_api_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("party_id", String(64), nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
idempotency_keys = Table(
    "intake_idempotency_keys",
    metadata,
    Column("scope", String(120), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("inquiry_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The retention purge finds old records by it.
    Index("ix_intake_idempotency_keys_created_at", "created_at"),
)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    """WAL: a commit is one append and one fsync instead of a rollback journal's several, and the
    health check's reads never wait for a write. synchronous stays FULL: a remembered
    Idempotency-Key must survive a power cut, as a 202 was answered after it."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def split_key(presented: str) -> tuple[str, str] | None:
    """`cck_<key id>_<secret>` → (key id, whole key), or None when it is not one of ours."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1].isalnum() or len(presented) > 200:
        return None
    return parts[1], presented


class KeyStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        dialects: dict[str, Callable[[Table], postgresql.Insert | sqlite.Insert]] = {
            "postgresql": postgresql.insert,
            "sqlite": sqlite.insert,
        }
        if engine.dialect.name not in dialects:
            raise ValueError(f"intake's key store runs on SQLite or PostgreSQL, not {engine.dialect.name}")
        # Built once: a statement object reused is compiled and cache-keyed once.
        self._first_use = dialects[engine.dialect.name](idempotency_keys).on_conflict_do_nothing()
        self._first_print = select(idempotency_keys.c.fingerprint).where(
            idempotency_keys.c.scope == bindparam("s"), idempotency_keys.c.key == bindparam("k")
        )

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 10) -> KeyStore:
        """The store on `url`, not yet opened: no connection is made until start()."""
        parsed = make_url(url)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        # Autocommit: every write here is one statement, so BEGIN and COMMIT (and the ROLLBACK
        # after a read) were round trips, or on SQLite thread hops, of pure overhead per request.
        # No overflow: connections beyond the pool were opened and closed per request under load
        # (a new PostgreSQL session each time); a request now waits for one of the pool's instead.
        options: dict[str, Any] = {
            "pool_pre_ping": True,
            "isolation_level": "AUTOCOMMIT",
            "pool_size": pool_size,
            "max_overflow": 0,
        }
        database = parsed.database or ":memory:"
        if is_sqlite and database == ":memory:":
            options = {"isolation_level": "AUTOCOMMIT"}  # one static connection
        elif is_sqlite:
            # One connection: SQLite has one writer at a time, and writers on other connections
            # wait in its busy handler (naps of up to 100 ms: a p99 of over a second under load);
            # here they queue for the connection instead. No pre-ping: a file cannot drop us, and
            # it cost a round trip per checkout.
            options |= {"pool_pre_ping": False, "pool_size": 1}
        engine = create_async_engine(url, **options)
        if is_sqlite:
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return cls(engine)

    @classmethod
    async def open(cls, url: str, *, pool_size: int = 10) -> KeyStore:
        store = cls.connect(url, pool_size=pool_size)
        await store.start()
        return store

    async def start(self) -> None:
        """Creates the SQLite file's folder and the tables (and indexes) a database lacks."""
        database = self._engine.url.database
        if self._engine.dialect.name == "sqlite" and database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        async with self._engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
            # create_all skips tables that exist: databases made before the index get it here.
            for index in idempotency_keys.indexes:
                await connection.run_sync(index.create, checkfirst=True)

    async def close(self) -> None:
        await self._engine.dispose()

    async def create(self, role: Role, party_id: str, label: str, now: datetime) -> tuple[str, str]:
        """A new key: (key id, the whole key). The key is shown once; only its hash is stored."""
        key_id = secrets.token_hex(6)
        key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        async with self._engine.begin() as connection:
            await connection.execute(
                insert(api_keys).values(
                    key_id=key_id,
                    secret_sha256=_digest(key),
                    role=role.value,
                    party_id=party_id,
                    label=label,
                    created_at=now,
                )
            )
        return key_id, key

    async def revoke(self, key_id: str, now: datetime) -> bool:
        async with self._engine.begin() as connection:
            result = await connection.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        return bool(result.rowcount)

    async def list(self) -> list[KeyInfo]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(select(api_keys).order_by(api_keys.c.created_at))
            return [KeyInfo(r.key_id, r.role, r.party_id, r.label, r.created_at, r.revoked_at) for r in rows]

    async def authenticate(self, presented: str) -> Principal | None:
        parsed = split_key(presented)
        if parsed is None:
            return None
        key_id, key = parsed
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(api_keys).where(api_keys.c.key_id == key_id))).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, _digest(key)):
            return None
        return Principal(Role(row.role), row.party_id, key_id)

    async def remember(self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime) -> str:
        """Record the first use of an Idempotency-Key; returns the fingerprint it was first used with.

        One statement for a first use (INSERT … ON CONFLICT DO NOTHING); a reuse reads the first."""
        record = {
            "scope": scope,
            "key": key,
            "fingerprint": fingerprint,
            "inquiry_id": inquiry_id,
            # UTC, so that SQLite (which stores the text) compares them in order.
            "created_at": now.astimezone(UTC),
        }
        async with self._engine.begin() as connection:
            inserted = await connection.execute(self._first_use, record)
            if inserted.rowcount == 1:
                return fingerprint
            row = (await connection.execute(self._first_print, {"s": scope, "k": key})).first()
        if row is None:  # purged between the two statements: treat as first use
            return fingerprint
        return str(row.fingerprint)

    async def purge_idempotency_keys(self, before: datetime, limit: int) -> int:
        """Delete at most `limit` Idempotency-Key records first used before `before`, in one short
        transaction; returns how many went. Callers repeat while a batch comes back full."""
        oldest = (
            select(idempotency_keys.c.scope, idempotency_keys.c.key)
            .where(idempotency_keys.c.created_at < before.astimezone(UTC))
            .limit(limit)
        )
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(idempotency_keys).where(
                    tuple_(idempotency_keys.c.scope, idempotency_keys.c.key).in_(oldest)
                )
            )
        return int(result.rowcount)

    async def ping(self) -> bool:
        try:
            async with self._engine.connect() as connection:
                await connection.execute(select(1))
            return True
        except Exception:  # any failure means "not reachable now"; readiness shows it
            return False
