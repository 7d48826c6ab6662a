"""The database: SQLAlchemy models, migrations and tracker operations."""
