"""Alembic migrations; ``HEAD`` names the newest revision so start-up can skip Alembic."""

HEAD = "0008"
