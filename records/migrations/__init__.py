"""Alembic migration scripts of the records database (run through ``records.migrate``)."""
