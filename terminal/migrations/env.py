"""Alembic environment: run on the connection terminal.db.migrate hands over."""

from alembic import context

from terminal.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
