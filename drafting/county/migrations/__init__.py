"""Alembic migrations of the county database, run by county/schema.py (never by the alembic command)."""
