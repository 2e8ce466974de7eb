"""Preparing a test database with the bundled sample site (shared by conftest and e2e tests)."""

from __future__ import annotations

from db.database import Database


def prepare_site(url: str) -> None:
    """Create the schema at ``url``, apply the bundled sample site and clear every opening time."""
    from sqlalchemy import select

    from db import siteconfig
    from db.models import Service

    db = Database(url)
    try:
        siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
        with db.write() as s:
            for svc in s.scalars(select(Service)):
                svc.hours = {}
    finally:
        db.dispose()
