"""Alembic's entry point: runs the migrations on the connection Prudence hands it."""

from __future__ import annotations

from alembic import context

from prudence.adapters.database import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through prudence.adapters.database.migrate")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
