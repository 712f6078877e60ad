"""Alembic's environment: migrate the connection county/schema.py hands over in the config's attributes."""
from __future__ import annotations

from alembic import context

from drafting.county.models import Base


def run_migrations_online() -> None:
    """Run the migrations on the caller's connection, inside its transaction."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the county never writes SQL scripts
    raise SystemExit("drafting's county migrations run only online, through draft server")
run_migrations_online()
