"""Persistence: SQLAlchemy over SQLite by default, PostgreSQL through the same code."""
