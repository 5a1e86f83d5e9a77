"""Alembic environment: runs on the connection that `adapters.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from citycomm_reporting.adapters.schema import metadata

# A fixed key, so several replicas starting at once migrate one after the other.
MIGRATION_LOCK = 7_102_226


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
