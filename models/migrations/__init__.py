"""Alembic migrations of the tracker database (run by ``models.migrate``)."""
